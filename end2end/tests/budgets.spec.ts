// Participatory budgets in a real browser: the demo town's real budget (Toulouse 2022, district 17), counted by
// the app, read by a resident without JavaScript and with it, every project with its reason; an official sees
// the rules compared side by side. axe-core checks every page visited.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const budget = /Budget participatif de Toulouse 2022 — Mirail-Université/;

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a resident reads the results and why each project is or is not funded', async ({ page }) => {
    markNoJavaScript(page);
    await page.goto('/budgets');
    await expect(page.getByRole('heading', { level: 1, name: 'Budgets participatifs' })).toBeVisible();
    await expectAccessible(page, 'budget list (no JS)');
    await page.getByRole('link', { name: budget }).click();
    await expect(page.getByRole('heading', { level: 1, name: budget })).toBeVisible();
    const results = page.getByRole('table', { name: 'Résultats, projet par projet, selon la règle officielle' });
    await expect(results).toContainText('Pépinière-jardin du quartier Reynerie-Bellefontaine');
    await expect(results).toContainText('Financé : son tour est venu en position 1');
    await expect(results).toContainText('Non financé : budget restant insuffisant');
    await expect(page.getByText('93 bulletins comptés')).toBeVisible();
    await expect(page.getByRole('link', { name: /Télécharger les bulletins/ })).toHaveAttribute('href', /\/export\.pb$/);
    await expect(page.getByRole('heading', { name: 'Comparer les règles' })).toHaveCount(0);
    await expectAccessible(page, 'budget results (no JS)');
  });
});

test('an official compares the rules side by side', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/compte/connexion?suite=${encodeURIComponent('/budgets')}`);
  await page.getByLabel(/^Adresse électronique/).fill('admin@demo.clairvoie.fr');
  await page.getByLabel(/^Mot de passe/).fill('demo-admin-clairvoie');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: budget }).click();
  await hydrated(page, true);
  const compared = page.getByRole('table', { name: 'Projets financés selon chaque règle' });
  await expect(compared).toContainText('Méthode des parts égales, complétée');
  await expect(compared).toContainText('Par nombre de voix (règle gloutonne) (officielle)');
  await expectAccessible(page, 'budget results with the comparison (JS)');
  // The published file downloads and names the rule.
  const response = await page.request.get(await page.getByRole('link', { name: /Télécharger les bulletins/ }).getAttribute('href') ?? '');
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain('rule;greedy');
  expect(errors).toEqual([]);
});

/** A one-pixel PNG, as a resident's photo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Signs in on a fresh page of `browser` (JavaScript on or off) and returns it. */
async function signedIn(browser: import('@playwright/test').Browser, email: string, password: string, javaScript: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  if (!javaScript) markNoJavaScript(page);
  await page.goto(`/compte/connexion?suite=${encodeURIComponent('/budgets')}`);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/budgets$/);
  return page;
}

// A budget's life through its screens: staff create it, a resident proposes a project without JavaScript, staff
// review it, the resident votes without JavaScript (the server explains the violation, the receipt is shown),
// then changes the ballot with JavaScript (the running total and the violations follow each tick live), and the
// results are published. axe-core checks every screen.
test('a budget from proposal to results, voting with and without JavaScript', async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = await signedIn(browser, 'admin@demo.clairvoie.fr', 'demo-admin-clairvoie', true);
  const errors = watchErrors(admin);
  await admin.goto('/budgets');
  await hydrated(admin, true);
  await admin.getByRole('link', { name: 'Nouveau budget participatif' }).click();
  await expectAccessible(admin, 'new budget form');
  // Only spaces: the browser lets it through, the server names the field.
  await admin.getByLabel(/^Titre/).fill('   ');
  await admin.getByRole('button', { name: 'Créer le budget' }).click();
  await expect(admin.getByRole('alert')).toContainText('Donnez un titre au budget');
  await admin.getByLabel(/^Titre/).fill('Budget des écoles 2027');
  await admin.getByLabel(/^Enveloppe pour toute la ville/).fill('50 000');
  await admin.getByLabel('Type de bulletin').selectOption('knapsack');
  await admin.getByLabel('Règle de dépouillement').selectOption('greedy');
  await admin.getByRole('button', { name: 'Créer le budget' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Budget des écoles 2027' })).toBeVisible();
  await expect(admin.getByText('Le budget est créé')).toBeVisible();
  const budgetUrl = admin.url();

  // A resident proposes two projects without JavaScript.
  const resident = await signedIn(browser, 'habitant@demo.clairvoie.fr', 'demo-habitant-clairvoie', false);
  await resident.goto(budgetUrl);
  await resident.getByRole('link', { name: 'Proposer un projet' }).click();
  await expectAccessible(resident, 'project form (no JS)');
  for (const [title, cost] of [['Cour végétalisée', '30 000'], ['Préau solaire', '35 000']]) {
    await resident.getByLabel(/^Titre du projet/).fill(title);
    await resident.getByLabel(/^Description/).fill('Pour l’école du quartier.');
    await resident.getByLabel(/^Coût estimé/).fill(cost);
    if (title === 'Cour végétalisée') {
      await resident.getByLabel('Photos (facultatif)').setInputFiles({ name: 'cour.png', mimeType: 'image/png', buffer: PNG });
    }
    await resident.getByRole('button', { name: 'Envoyer le projet' }).click();
    await expect(resident.getByText('Votre projet est envoyé')).toBeVisible();
    if (title === 'Cour végétalisée') await resident.getByRole('link', { name: 'Proposer un projet' }).click();
  }

  // With JavaScript a click on the map fills the place; the budget's page then maps the project.
  await admin.goto(`${budgetUrl}/proposer`);
  const picker = admin.locator('.carte-lieu');
  await expect(picker).toHaveAttribute('data-ready', 'true');
  await expectAccessible(admin, 'project form with its map (JS)');
  await picker.click({ position: { x: 200, y: 120 } });
  await expect(admin.getByLabel('Latitude')).toHaveValue(/^47\.\d+$/);
  await expect(admin.getByLabel('Longitude')).toHaveValue(/^0\.\d+$/);
  await admin.getByLabel(/^Titre du projet/).fill('Bancs du mail');
  await admin.getByLabel(/^Description/).fill('Des bancs à l’ombre.');
  await admin.getByLabel(/^Coût estimé/).fill('8 000');
  await admin.getByRole('button', { name: 'Envoyer le projet' }).click();
  await expect(admin.getByText('Votre projet est envoyé')).toBeVisible();
  await expect(admin.locator('.carte-projets')).toHaveAttribute('data-projects-drawn', '1');
  await expectAccessible(admin, 'budget page with the projects map (JS)');

  // Staff review the residents' projects publicly and open the vote.
  await admin.goto(budgetUrl);
  await admin.getByRole('button', { name: "Clore les propositions et passer à l'examen" }).click();
  for (const title of ['Cour végétalisée', 'Préau solaire']) {
    await admin.getByRole('link', { name: `Examiner — ${title}` }).click();
    await expectAccessible(admin, 'project review');
    await admin.getByLabel('Décision').selectOption('feasible');
    await admin.getByRole('button', { name: "Publier l'examen" }).click();
    await expect(admin.getByText("L'examen du projet est publié")).toBeVisible();
  }
  await admin.getByRole('button', { name: 'Ouvrir le vote' }).click();
  await expect(admin.getByText('Étape : Vote')).toBeVisible();
  // The paper ballots' screens: a batch opened and its entry form.
  await admin.getByRole('link', { name: 'Bulletins papier' }).click();
  await expectAccessible(admin, 'paper ballots');
  await admin.getByLabel(/^Nom du lot/).fill('Mairie, urne 1');
  await admin.getByLabel(/^Nombre de bulletins/).fill('3');
  await admin.getByRole('button', { name: 'Ouvrir le lot' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Mairie, urne 1' })).toBeVisible();
  await expect(admin.getByLabel('Bulletin n° 3')).toBeVisible();
  await expectAccessible(admin, 'paper batch entry');

  // Without JavaScript: both projects (65,000 €) overflow the envelope; the server says so and keeps the ticks.
  await resident.goto(budgetUrl);
  await resident.getByRole('link', { name: 'Voter', exact: true }).click();
  await expect(resident.getByText('Total : 0 € sur une enveloppe de 50 000 €')).toBeVisible();
  await expect(resident.getByRole('img', { name: 'Photo du projet « Cour végétalisée »' })).toBeVisible();
  await expectAccessible(resident, 'ballot (no JS)');
  await resident.getByLabel(/Cour végétalisée/).check();
  await resident.getByLabel(/Préau solaire/).check();
  await resident.getByRole('button', { name: 'Valider mon bulletin' }).click();
  await expect(resident.getByRole('alert')).toContainText('dépasse l\'enveloppe');
  await expect(resident.getByText('Total : 65 000 €', { exact: false })).toBeVisible();
  await resident.getByLabel(/Préau solaire/).uncheck();
  await resident.getByRole('button', { name: 'Valider mon bulletin' }).click();
  const notice = resident.getByText(/Votre code de reçu : [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  await expect(notice).toBeVisible();
  const firstCode = (await notice.textContent())!.match(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/)![0];
  // Shown large, once, with a file to keep (no copy button without JavaScript: it could not work).
  await expect(resident.locator('code.receipt-code')).toHaveText(firstCode);
  const save = resident.getByRole('link', { name: 'Enregistrer dans un fichier texte' });
  expect(decodeURIComponent((await save.getAttribute('href'))!)).toContain(firstCode);
  await expect(resident.getByRole('button', { name: 'Copier le code' })).toHaveCount(0);
  await expectAccessible(resident, 'ballot cast (no JS)');

  // With JavaScript: the total and the violation follow each tick before anything is sent.
  const live = await signedIn(browser, 'habitant@demo.clairvoie.fr', 'demo-habitant-clairvoie', true);
  const liveErrors = watchErrors(live);
  await live.goto(`${budgetUrl}/vote`);
  await hydrated(live, true);
  await expect(live.getByText('Vous avez voté')).toBeVisible();
  await expect(live.getByLabel(/Cour végétalisée/)).toBeChecked();
  await live.getByLabel(/Préau solaire/).check();
  await expect(live.getByText('Total : 65 000 € sur une enveloppe de 50 000 €', { exact: false })).toBeVisible();
  await expect(live.locator('.ballot-problems')).toContainText('dépasse l\'enveloppe');
  // Over the envelope the gauge grows past it (red by the meter's own regions), never stays full and green.
  const meter = live.locator('.ballot-total meter');
  expect(Number(await meter.getAttribute('max'))).toBe(Number(await meter.getAttribute('value')));
  expect(Number(await meter.getAttribute('value'))).toBeGreaterThan(Number(await meter.getAttribute('high')));
  await expectAccessible(live, 'ballot with a live violation (JS)');
  await live.getByLabel(/Cour végétalisée/).uncheck();
  await expect(live.getByText('Total : 35 000 €', { exact: false })).toBeVisible();
  await expect(live.locator('.ballot-problems')).toHaveCount(0);
  await live.getByRole('button', { name: 'Modifier mon bulletin' }).click();
  const second = live.getByText(/Votre code de reçu : [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  await expect(second).toBeVisible();
  const code = (await second.textContent())!.match(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/)![0];
  expect(code).not.toEqual(firstCode);
  // With JavaScript, a copy button too.
  await live.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await live.getByRole('button', { name: 'Copier le code' }).click();
  await expect(live.getByText('Code copié.')).toBeVisible();
  expect(await live.evaluate(() => navigator.clipboard.readText())).toBe(code);
  await live.getByRole('link', { name: 'Vérifier un code de reçu' }).click();
  await live.getByLabel('Code de reçu').fill(code);
  await live.getByRole('button', { name: 'Vérifier' }).click();
  await expect(live.getByText('Ce code correspond à un bulletin enregistré')).toBeVisible();
  await expectAccessible(live, 'receipt check (JS)');
  expect(liveErrors).toEqual([]);

  // Closing and publishing: the changed ballot is the one counted.
  await admin.goto(budgetUrl);
  await admin.getByRole('button', { name: 'Clore le vote' }).click();
  await admin.getByRole('button', { name: 'Compter et publier les résultats' }).click();
  const results = admin.getByRole('table', { name: 'Résultats, projet par projet, selon la règle officielle' });
  await expect(results.getByRole('row', { name: /Préau solaire/ })).toContainText('Financé');
  await expect(results.getByRole('row', { name: /Cour végétalisée/ })).toContainText('Non financé : budget restant insuffisant (15 000 €');
  await expectAccessible(admin, 'published results');
  expect(errors).toEqual([]);
});
