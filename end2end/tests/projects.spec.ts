// Project follow-up in a real browser: a resident finds the demo town's footfall-counter project through the
// list's filter, reads its timeline and milestones, and follows it to the decision behind it and to a sensor it
// installed, with and without JavaScript; staff record an update without JavaScript (the server's refusal first)
// and residents see it in the timeline. axe-core checks every page visited.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const counters = 'Compteurs de fréquentation rue Nationale';

test('a resident follows a project timeline to its decision and its sensors', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  for (const javaScript of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL });
    const page = await context.newPage();
    const errors = watchErrors(page);
    if (!javaScript) markNoJavaScript(page);
    const mode = javaScript ? 'JS' : 'no JS';
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Projets' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Suivi des projets' })).toBeVisible();
    await hydrated(page, javaScript);
    await expectAccessible(page, `project list (${mode})`);
    // The filter is a plain GET form; abandoned projects: none in the demo.
    await page.getByLabel('État').selectOption({ label: 'Abandonné' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect(page.getByText('Aucun projet ne correspond pour l’instant.')).toBeVisible();
    await page.getByLabel('État').selectOption({ label: 'En cours' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('heading', { level: 2 }).getByRole('link', { name: counters }).click();

    await expect(page.getByRole('heading', { level: 1, name: counters })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: `Avancement de « ${counters} »` })).toHaveAttribute('value', '60');
    const timeline = page.getByRole('region', { name: 'Chronologie' });
    await expect(timeline.getByRole('listitem').first()).toContainText(
      '20 mars 2026 — État : À l’étude · Avancement : 10 %',
    );
    await expect(timeline).toContainText(/1er avril 2026 — État : En cours · Avancement : 60 % · Dépensé : 18\s400\s€/);
    await expect(timeline).toContainText('Quatre compteurs posés rue Nationale, en service le jour même.');
    await expect(timeline).toContainText('Étape atteinte : Pose des quatre compteurs');
    const milestones = page.getByRole('table', { name: `Les étapes de « ${counters} »` });
    await expect(milestones.getByRole('row', { name: /Premier bilan public/ })).toContainText('Pas encore');
    await hydrated(page, javaScript);
    await expectAccessible(page, `a project (${mode})`);

    // To a sensor it installed, which names the project and the decision behind it, and back.
    await page.getByRole('region', { name: 'Capteurs installés par ce projet' }).getByRole('link', { name: 'WB-0001' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('WB-0001');
    const record = page.getByRole('region', { name: 'Fiche complète' });
    await expect(record).toContainText('Installé par le projet');
    await expect(record).toContainText('(Décision : Compteurs de fréquentation Wi-Fi en centre-ville)');
    await record.getByRole('link', { name: counters }).click();
    await expect(page.getByRole('heading', { level: 1, name: counters })).toBeVisible();
    // To the decision, which links back to the project.
    await page.locator('dd a[href^="/decisions/"]').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Décision : Compteurs de fréquentation Wi-Fi en centre-ville');
    const followUp = page.getByRole('region', { name: 'Suivi de la réalisation' });
    await expect(followUp).toContainText(new RegExp(`${counters} — En cours · 60\\s%`));
    await hydrated(page, javaScript);
    await expectAccessible(page, `a decision with its project (${mode})`);
    expect(errors, 'browser errors').toEqual([]);
    await context.close();
  }
});

test('staff record an update without JavaScript; residents read it in the timeline', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  markNoJavaScript(page);
  await page.goto(`/compte/connexion?suite=${encodeURIComponent('/projets')}`);
  await page.getByLabel(/^Adresse électronique/).fill('admin@demo.clairvoie.fr');
  await page.getByLabel(/^Mot de passe/).fill('demo-admin-clairvoie');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 2 }).getByRole('link', { name: counters }).click();
  await page.getByRole('link', { name: 'Mettre à jour le suivi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Suivi : ${counters}`);
  await expectAccessible(page, 'project follow-up form');

  // Nothing changed and nothing said: the server refuses and says why.
  await page.locator('#champ-happened_on').fill('2026-11-02');
  await page.getByRole('button', { name: 'Publier la mise à jour' }).click();
  await expect(page.getByRole('alert')).toContainText('Rien n’a changé');
  await expectAccessible(page, 'project follow-up form with an error');
  await page.locator('#champ-happened_on').fill('2026-11-02');
  await page.getByLabel(/^Avancement/).fill('75');
  await page.getByLabel(/^Ce qui s’est passé/).fill('Premier relevé publié : 4 200 passants par jour en moyenne.');
  await page.getByRole('button', { name: 'Publier la mise à jour' }).click();
  await expect(page.getByRole('status')).toContainText('La mise à jour est publiée.');
  await context.close();

  const resident = await browser.newPage({ javaScriptEnabled: false, baseURL });
  markNoJavaScript(resident);
  await resident.goto('/projets');
  await resident.getByRole('heading', { level: 2 }).getByRole('link', { name: counters }).click();
  const timeline = resident.getByRole('region', { name: 'Chronologie' });
  await expect(timeline).toContainText('2 novembre 2026 — Avancement : 75 %');
  await expect(timeline).toContainText('4 200 passants par jour');
  await resident.close();
});
