// Who may vote, in a real browser: the demo's open consultation is for verified residents. Without JavaScript, a
// new resident is told why they may not vote and where to go, verifies by the town's register from "my account",
// and votes. With JavaScript, a resident the register does not hold asks for a letter; the admin prints it; the
// code from the letter verifies them. axe-core checks every page visited.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, lastLinkTo, markNoJavaScript, watchErrors } from './helpers';

const consultation = 'Capteurs de bruit place du Marché';
const password = 'cheval-agrafe-pile-nord';

/** A new account, its address confirmed from the mail; signed in on `/compte`. */
async function newResident(page: Page, email: string, name: string, javaScript: boolean) {
  await page.goto('/compte/inscription');
  await hydrated(page, javaScript);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel(/^Nom affiché/).fill(name);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByLabel(/^Confirmez le mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('status')).toContainText('Votre compte est créé.');
  await page.goto(await lastLinkTo(email));
  await hydrated(page, javaScript);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page.getByRole('status')).toContainText('Votre adresse est confirmée');
  await page.goto('/compte');
  await hydrated(page, javaScript);
}

async function signIn(page: Page, email: string, secret: string, next: string) {
  await page.goto(`/compte/connexion?suite=${encodeURIComponent(next)}`);
  await page.getByLabel(/^Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(secret);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a new resident verifies by the register, then votes', async ({ page }) => {
    markNoJavaScript(page);
    await newResident(page, `registre-${Date.now()}@example.org`, 'Camille L.', false);

    // The consultation says who may vote, why this account may not yet, and where to go.
    await page.goto('/consultations');
    await page.getByRole('link', { name: consultation }).first().click();
    await expect(page.getByText(/Qui peut voter : les habitants de la commune dont la résidence est vérifiée/)).toBeVisible();
    await expect(page.getByText('Ce vote est réservé aux habitants dont la résidence est vérifiée.')).toBeVisible();
    await expect(page.locator('form.vote-form')).toHaveCount(0);
    const consultationPath = new URL(page.url()).pathname;
    await expectAccessible(page, 'consultation for verified residents (not verified)');
    await page.getByRole('link', { name: 'Faire vérifier ma résidence' }).click();
    await expect(page).toHaveURL(/\/compte#residence$/);
    await expectAccessible(page, 'my account with the residence forms');

    // A slip first: the field named, the rest kept; then the details as on the electoral list.
    await page.getByLabel(/^Nom de famille/).fill('Lefèvre');
    await page.getByLabel(/^Prénoms/).first().fill('Camille');
    await page.getByLabel(/^Date de naissance/).fill('31/09/1992');
    await page.locator('#champ-postcode').fill('37990');
    await page.getByRole('button', { name: 'Vérifier ma résidence' }).click();
    await expect(page.getByRole('alert')).toContainText("La date de naissance n'est pas une date valide");
    await expect(page.getByLabel(/^Nom de famille/)).toHaveValue('Lefèvre');
    await expectAccessible(page, 'residence form with an error');
    await page.getByLabel(/^Date de naissance/).fill('03/09/1992');
    await page.getByRole('button', { name: 'Vérifier ma résidence' }).click();
    await expect(page.getByRole('status')).toContainText('Votre résidence est vérifiée.');
    await expect(page.getByText(/Résidence vérifiée \(registre de la commune\) le .* : quartier Les Tilleuls\./)).toBeVisible();

    // Now the vote.
    await page.goto(consultationPath);
    await expect(page.getByText('Ce vote est réservé aux habitants dont la résidence est vérifiée.')).toHaveCount(0);
    await page.locator('#champ-choice-for').check();
    await page.getByRole('button', { name: 'Voter' }).click();
    await expect(page.getByText('Votre vote est enregistré.')).toBeVisible();
    await expectAccessible(page, 'consultation after a verified vote');
  });
});

test('with JavaScript: a letter asked for, printed by the admin, its code verifies the account', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const email = `courrier-${Date.now()}@example.org`;
  await newResident(page, email, 'Sacha C.', true);
  await page.getByLabel(/^Nom sur la boîte aux lettres/).fill('Sacha Courrier');
  await page.locator('#champ-letter_address').fill('4 allée des Peupliers\nAppartement 12');
  await page.locator('#champ-letter_postcode').fill('37990');
  await page.getByLabel('Quartier de cette adresse').selectOption({ label: 'La Gare' });
  await page.getByRole('button', { name: 'Demander un courrier' }).click();
  await expect(page.getByRole('status')).toContainText('Votre demande est enregistrée');
  await expect(page.getByText(/Courrier demandé le/)).toBeVisible();
  await hydrated(page, true);
  await expectAccessible(page, 'my account, letter asked for');

  // The admin prints the pending letters: the code is on the printed page only.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, 'admin@demo.clairvoie.fr', 'demo-admin-clairvoie', '/admin/courriers');
  await expect(admin.getByRole('heading', { level: 1, name: 'Courriers de vérification' })).toBeVisible();
  await expect(admin.getByRole('cell', { name: 'Sacha Courrier', exact: true })).toBeVisible();
  await hydrated(admin, true);
  await expectAccessible(admin, 'letters to print');
  await admin.getByRole('button', { name: 'Imprimer les courriers' }).click();
  await expect(admin.locator('.letter').filter({ hasText: 'Sacha Courrier' })).toBeVisible();
  const code = (await admin.locator('.letter').filter({ hasText: 'Sacha Courrier' }).locator('.letter-code').textContent())!;
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expectAccessible(admin, 'printed letters');
  await adminContext.close();

  // The resident types it.
  await page.goto('/compte');
  await hydrated(page, true);
  await expect(page.getByText(/Courrier envoyé le/)).toBeVisible();
  await page.getByLabel(/^Code reçu par courrier/).fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await expect(page.getByRole('status')).toContainText('Votre résidence est vérifiée.');
  await expect(page.getByText(/Résidence vérifiée \(code reçu par courrier\) le .* : quartier La Gare\./)).toBeVisible();
  await expectAccessible(page, 'my account, verified by letter');
  expect(errors).toEqual([]);
  await context.close();
});
