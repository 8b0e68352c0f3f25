// Signing in with an OpenID Connect provider in a real browser: the server is configured with a FranceConnect-like
// provider (node-oidc-provider, `oidc/provider.mjs`, started beside it by the Playwright configuration). With
// JavaScript, Théo — on the town's register — signs in through it, is verified as a resident by the identity the
// provider vouches for, and votes in the consultation kept to verified residents. Without JavaScript, a person the
// register does not hold gets a new account, signed in, not verified. axe-core checks every page of Clairvoie.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const consultation = 'Capteurs de bruit place du Marché';

/** From the sign-in page, through the provider (where the person types their identifier), and back. */
async function throughProvider(page: Page, javaScript: boolean, person: string) {
  await page.goto('/compte/connexion');
  await hydrated(page, javaScript);
  await expect(page.getByRole('heading', { name: 'Autres façons de se connecter' })).toBeVisible();
  await expectAccessible(page, 'sign-in page with a provider');
  await page.getByRole('button', { name: "S'identifier avec FranceConnect (essai)" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:3290\/interaction\//);
  await page.getByLabel('Identifiant').fill(person);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:3210\//);
  await hydrated(page, javaScript);
}

test('with JavaScript: a resident on the register signs in with the provider, is verified, and votes', async ({ page }) => {
  const errors = watchErrors(page);
  await throughProvider(page, true, 'theo');
  await expect(page.getByRole('status')).toContainText("votre résidence est vérifiée d'après le registre de la commune");
  await expectAccessible(page, 'after signing in with the provider');
  await page.goto('/compte');
  await hydrated(page, true);
  await expect(page.getByText(/Résidence vérifiée \(identité numérique\) le .* : quartier La Gare\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Relier mon compte à FranceConnect (essai)' })).toBeVisible();
  await expectAccessible(page, 'my account, verified by the provider');

  await page.goto('/consultations');
  await page.getByRole('link', { name: consultation }).first().click();
  await hydrated(page, true);
  await expect(page.getByText('Ce vote est réservé aux habitants dont la résidence est vérifiée.')).toHaveCount(0);
  await page.locator('#champ-choice-against').check();
  await page.getByRole('button', { name: 'Voter' }).click();
  await expect(page.getByText('Votre vote est enregistré.')).toBeVisible();
  expect(errors.filter((e) => !e.includes(":3290/"))).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a person the register does not hold gets an account, signed in, not verified', async ({ page }) => {
    markNoJavaScript(page);
    await throughProvider(page, false, 'stranger');
    await expect(page.getByRole('status')).toContainText('votre compte a été créé et vous êtes connecté·e');
    await page.goto('/compte');
    await expect(page.getByText('Bonjour Zoé Inconnue')).toBeVisible();
    await expect(page.getByText(/Résidence vérifiée/)).toHaveCount(0);
    await expectAccessible(page, 'my account, made by the provider');
  });
});
