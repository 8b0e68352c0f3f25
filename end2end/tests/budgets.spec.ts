// Participatory budgets in a real browser: the demo town's real budget (Toulouse 2022, district 17), counted by
// the app, read by a resident without JavaScript and with it, every project with its reason; an official sees
// the rules compared side by side. axe-core checks every page visited.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const budget = /Municipal PB in Toulouse — 17 - Mirail-Université/;

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
