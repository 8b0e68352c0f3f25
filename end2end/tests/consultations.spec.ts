// Consultations and moderation in a real browser: staff create and open a consultation; a resident comments
// and votes without JavaScript, then with it; a resident reports a comment; a moderator hides it, and the
// public log shows the decision. axe-core checks every page visited.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const title = `Capteurs de bruit ${Date.now()}`;
let pagePath = '';

async function signIn(page: Page, email: string, password: string, next: string) {
  await page.goto(`/compte/connexion?suite=${encodeURIComponent(next)}`);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

test.describe.configure({ mode: 'serial' });

test('staff create and open a consultation', async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, 'admin@demo.clairvoie.fr', 'demo-admin-clairvoie', '/consultations/nouvelle');
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle consultation' })).toBeVisible();
  await hydrated(page, true);
  await expectAccessible(page, 'new consultation form');
  await page.getByLabel(/^Titre/).fill(title);
  await page.getByLabel(/^Question posée aux habitants/).fill('Faut-il installer des capteurs de bruit place du Marché ?');
  await page.getByLabel(/^Finalité/).fill('Objectiver les nuisances nocturnes');
  await page.getByLabel(/^Bénéfices attendus/).fill('Des mesures partagées');
  await page.getByLabel(/^Données collectées/).fill('Niveaux sonores, aucun enregistrement');
  await page.getByLabel(/^Durée de conservation proposée/).fill('toujours');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  // The server names each wrong field; what was typed is kept.
  await expect(page.getByRole('alert')).toContainText('ISO 8601');
  await expect(page.getByRole('alert')).toContainText('Choisissez une valeur dans la liste.');
  await expect(page.getByLabel(/^Finalité/)).toHaveValue('Objectiver les nuisances nocturnes');
  await hydrated(page, true);
  await expectAccessible(page, 'consultation form with errors');
  await page.getByLabel('Domaine').selectOption('environment');
  await page.getByLabel(/^Durée de conservation proposée/).fill('P30D');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Consultation créée en brouillon.')).toBeVisible();
  await page.getByRole('button', { name: 'Ouvrir la consultation' }).click();
  await expect(page.getByText("L'étape de la consultation a changé.")).toBeVisible();
  pagePath = new URL(page.url()).pathname;
  await hydrated(page, true);
  await expectAccessible(page, 'open consultation (staff)');
  await page.goto('/admin/journal');
  await expect(page.getByRole('table')).toContainText('Consultation créée');
  await hydrated(page, true);
  await expectAccessible(page, 'audit log (admin)');
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a resident comments, replies and votes with plain forms', async ({ page }) => {
    markNoJavaScript(page);
    await signIn(page, 'habitant@demo.clairvoie.fr', 'demo-habitant-clairvoie', pagePath);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await page.locator('#champ-alignment-new-for').check();
    await page.getByLabel('Votre commentaire').fill('Oui, **mesurer** avant de décider.');
    await page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await expect(page.getByText('Votre commentaire est publié.')).toBeVisible();
    await expect(page.locator('.comment strong', { hasText: 'mesurer' })).toBeVisible();
    await page.locator('#champ-choice-against').check();
    await page.getByRole('button', { name: 'Voter' }).click();
    await expect(page.getByText('Votre vote est enregistré.')).toBeVisible();
    await expect(page.getByText('Votre vote actuel : Contre.')).toBeVisible();
    await expect(page.getByRole('table').first()).toContainText('Contre');
    await expectAccessible(page, 'consultation after voting without JavaScript');
    await page.goto('/consultations?statut=open');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await expectAccessible(page, 'consultation list without JavaScript');
    await page.goto('/consultations/propositions');
    await page.getByLabel(/^Titre de la proposition/).fill('Compter les vélos rue Haute');
    await page.getByLabel(/^L'usage proposé/).fill('Pour savoir si une piste cyclable se justifie rue Haute.');
    await page.getByLabel('Domaine').selectOption('mobility');
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await expect(page.getByText('Merci : votre proposition est transmise.')).toBeVisible();
    await expect(page.getByText("En attente d'examen")).toBeVisible();
    await expectAccessible(page, 'proposals without JavaScript');
    await page.goto('/compte');
    await expect(page.getByRole('heading', { name: 'Notifications par courriel' })).toBeVisible();
    await page.getByLabel('un récapitulatif par jour au plus').check();
    const prefs = page.locator('section', { has: page.getByRole('heading', { name: 'Notifications par courriel' }) });
    await prefs.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Vos préférences de notification sont enregistrées.')).toBeVisible();
    await expect(page.getByLabel('un récapitulatif par jour au plus')).toBeChecked();
    await expectAccessible(page, 'my account with notification preferences');
    await page.goto('/compte/notifications/desabonner?cle=inconnue');
    await expectAccessible(page, 'unsubscribe page');
  });
});

test('with JavaScript a resident changes the vote; another reports a comment; a moderator hides it', async ({ browser }) => {
  const resident = await browser.newContext();
  const page = await resident.newPage();
  const errors = watchErrors(page);
  await signIn(page, 'habitant@demo.clairvoie.fr', 'demo-habitant-clairvoie', pagePath);
  await hydrated(page, true);
  // Forms post plainly with JavaScript too (no script swaps the page): the answer is the page again, its message
  // in the flow above the form it answers, the form emptied, so Enter cannot post the comment twice.
  await page.locator('#champ-choice-for').check();
  await page.getByRole('button', { name: 'Changer mon vote' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Votre vote est enregistré.' })).toBeVisible();
  await expect(page.getByText('Votre vote actuel : Pour.')).toBeVisible();
  await page.locator('#champ-alignment-new-neutral').check();
  await page.locator('#champ-body').fill('Et avec JavaScript, la page revient au formulaire.');
  await page.getByRole('button', { name: 'Publier le commentaire' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Votre commentaire est publié.' })).toBeVisible();
  await expect(page.locator('.comment', { hasText: 'la page revient au formulaire' })).toBeVisible();
  await expect(page.locator('#champ-body')).toHaveValue('');
  for (const box of await page.locator('.notice, .error-summary').all()) {
    expect(await box.evaluate((el) => getComputedStyle(el).position), 'messages stay in the page flow').toBe('static');
  }
  await page.locator('#champ-body').fill(' ');
  await page.locator('#champ-alignment-new-neutral').check();
  await page.getByRole('button', { name: 'Publier le commentaire' }).click();
  // The server's error summary: it names the field, links to it, and the field says it is invalid.
  const summary = page.locator('.error-summary');
  await expect(summary.getByRole('link', { name: /Écrivez votre commentaire/ })).toBeVisible();
  await expect(page.locator('#champ-body')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#champ-body')).toHaveAttribute('aria-describedby', /.+/);
  await expectAccessible(page, 'consultation with JavaScript');
  expect(errors).toEqual([]);
  await resident.close();

  // The moderator reports it too (any signed-in person may), then decides on it from the queue.
  const staff = await browser.newContext();
  const mod = await staff.newPage();
  await signIn(mod, 'moderation@demo.clairvoie.fr', 'demo-moderation-clairvoie', pagePath);
  await mod.getByRole('link', { name: 'Signaler' }).first().click();
  await expect(mod.getByRole('heading', { level: 1, name: 'Signaler un contenu' })).toBeVisible();
  await hydrated(mod, true);
  await expectAccessible(mod, 'report form');
  await mod.getByLabel('Motif', { exact: true }).selectOption('off_topic');
  await mod.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(mod.getByText('Merci : votre signalement est transmis à la modération.')).toBeVisible();
  await mod.goto('/moderation');
  await expect(mod.getByText('1 signalement').first()).toBeVisible();
  await hydrated(mod, true);
  await expectAccessible(mod, 'moderation queue');
  const item = mod.locator('.queue-item').first();
  await item.getByLabel('Décision').selectOption('hide');
  await item.getByRole('textbox', { name: 'Motif (public)' }).fill('Hors sujet');
  await item.getByRole('button', { name: 'Appliquer' }).click();
  await expect(mod.getByText('Décision enregistrée et inscrite au journal.')).toBeVisible();
  await mod.goto(pagePath);
  await expect(mod.getByText('Masqué par la modération : Hors sujet').first()).toBeVisible();
  await mod.goto('/moderation/journal');
  await expect(mod.getByRole('table')).toContainText('Hors sujet');
  await hydrated(mod, true);
  await expectAccessible(mod, 'public moderation log');
  await staff.close();
});
