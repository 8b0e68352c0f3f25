// Governance in a real browser: staff publish the council's decision on the demo town's counted budget without
// JavaScript (the form's errors first), then residents find it in the public list with its filters, read it and
// follow it back to the budget, with and without JavaScript; a live sensor names the decision that authorised
// it. axe-core checks every page visited.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const budget = /Budget participatif de Toulouse 2022 — Mirail-Université/;

test('staff publish a decision; residents find it, read it and follow it back', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const staffContext = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const staff = await staffContext.newPage();
  markNoJavaScript(staff);
  // Opened signed out, the budget's page offers no decision form; staff sign in and find it there.
  await staff.goto(`/compte/connexion?suite=${encodeURIComponent('/budgets')}`);
  await staff.getByLabel(/^Adresse électronique/).fill('admin@demo.clairvoie.fr');
  await staff.getByLabel(/^Mot de passe/).fill('demo-admin-clairvoie');
  await staff.getByRole('button', { name: 'Se connecter' }).click();
  await staff.getByRole('link', { name: budget }).click();
  await staff.getByRole('link', { name: 'Enregistrer la décision officielle' }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toContainText('Décision sur « Budget participatif de Toulouse 2022');
  await expectAccessible(staff, 'decision form');

  // A reasoning of blanks (the browser's own check lets it through): the server names the field and keeps what
  // was typed.
  await staff.getByLabel(/^Motifs/).fill('   ');
  await staff.getByLabel(/^Décision/).selectOption({ label: 'Adopté avec modifications' });
  await staff.getByLabel(/^Prise en compte de la participation/).fill('Les projets lauréats sont tous retenus.');
  await staff.getByLabel(/^Instance qui a décidé/).fill('Conseil municipal');
  await staff.getByLabel(/^Date de la décision/).fill('2026-06-18');
  await staff.getByRole('button', { name: 'Publier la décision' }).click();
  await expect(staff.getByRole('alert')).toContainText('Expliquez les motifs de la décision');
  await expect(staff.getByLabel(/^Instance qui a décidé/)).toHaveValue('Conseil municipal');
  await expectAccessible(staff, 'decision form with errors');
  await staff.getByLabel(/^Motifs/).fill('Le conseil adopte les projets lauréats ; la pépinière est décalée à 2027.');
  await staff.getByLabel(/^Référence de l'acte/).fill('délibération n° 2026-112');
  await staff.getByRole('button', { name: 'Publier la décision' }).click();
  await expect(staff.getByRole('status')).toContainText('La décision est publiée.');
  await expect(staff.getByText('Conseil municipal du 18 juin 2026, délibération n° 2026-112')).toBeVisible();
  await expectAccessible(staff, 'a decision (staff, no JS)');
  await staffContext.close();

  for (const javaScript of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL });
    const page = await context.newPage();
    const errors = watchErrors(page);
    if (!javaScript) markNoJavaScript(page);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Décisions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Décisions' })).toBeVisible();
    await hydrated(page, javaScript);
    await expectAccessible(page, `decision list (${javaScript ? 'JS' : 'no JS'})`);
    // Filters are a plain GET form.
    await page.getByLabel('Décision', { exact: true }).selectOption({ label: 'Rejeté' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect(page.getByText('Aucune décision ne correspond à ces filtres.')).toBeVisible();
    await page.getByLabel('Décision', { exact: true }).selectOption({ label: 'Adopté avec modifications' });
    await page.getByLabel('Objet').selectOption({ label: 'Budget participatif' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('heading', { level: 2 }).getByRole('link', { name: budget }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Décision : Budget participatif de Toulouse 2022');
    await expect(page.getByText('la pépinière est décalée à 2027')).toBeVisible();
    await hydrated(page, javaScript);
    await expectAccessible(page, `a decision (${javaScript ? 'JS' : 'no JS'})`);
    // Back to what residents voted: the budget's page shows the decision and links to it.
    await page.getByRole('listitem').getByRole('link', { name: budget }).click();
    await expect(page.getByRole('heading', { level: 1, name: budget })).toBeVisible();
    const box = page.getByRole('region', { name: 'La décision' });
    await expect(box).toContainText('Adopté avec modifications');
    await expect(box.getByRole('link', { name: 'Lire la décision' })).toHaveAttribute('href', /^\/decisions\/\d+$/);
    await hydrated(page, javaScript);
    await expectAccessible(page, `budget with its decision (${javaScript ? 'JS' : 'no JS'})`);
    expect(errors, 'browser errors').toEqual([]);
    await context.close();
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a live footfall counter says which decision authorises it', async ({ page }) => {
    markNoJavaScript(page);
    await page.goto('/capteurs/WB-0001');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('WB-0001');
    const record = page.getByRole('region', { name: 'Fiche complète' });
    await expect(record).toContainText('Autorisé par');
    await expectAccessible(page, 'a sensor with its authorisation (no JS)');
    // Its row (the project that installed it names the same decision in its own row).
    const authorised = record.locator('div', { has: page.locator('dt', { hasText: 'Autorisé par' }) });
    await authorised.getByRole('link', { name: 'Compteurs de fréquentation Wi-Fi en centre-ville' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Décision : Compteurs de fréquentation Wi-Fi en centre-ville');
    await expect(page.getByText('Le conseil autorise quatre compteurs rue Nationale pour deux ans')).toBeVisible();
  });
});
