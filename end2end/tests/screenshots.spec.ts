// The README's three screenshots, taken from the demo town on a 390 px phone at every run of the test command,
// so the README never shows a page that no longer looks that way: the sensor map with the town's streets, a
// sensor's page, and a participatory budget's ballot being filled in. The files are overwritten in server/docs/screens/.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hydrated } from './helpers';

const out = path.resolve(__dirname, '../../server/docs/screens');

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });

test('the README screenshots: the map with its streets, a sensor, a ballot', async ({ page }) => {
  fs.mkdirSync(out, { recursive: true });

  await page.goto('/capteurs');
  await hydrated(page, true);
  await page.getByRole('button', { name: 'Ouvrir la carte interactive' }).click();
  await expect(page.locator('#carte')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // Four steps closer with the keyboard (the map's own + key), where the streets' names show.
  await page.locator('#carte canvas').focus();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('+');
    await page.waitForTimeout(400);
  }
  await expect(page.locator('.map-street').first()).toBeVisible({ timeout: 10_000 });
  await page.waitForTimeout(1000);
  // The page's own content, not the site header: the map with the first filters above it.
  await page.locator('#carte').evaluate((e) => e.scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: path.join(out, 'capteurs.png') });

  await page.goto('/capteurs/VI-0001');
  await hydrated(page, true);
  await expect(page.getByRole('heading', { level: 2, name: /En bref/i })).toBeVisible();
  await page.locator('h1').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(out, 'capteur.png') });

  // A ballot, as a verified resident fills it in (two projects chosen, the running total below them).
  await page.goto('/compte/connexion?suite=/budgets');
  await page.getByLabel(/^Adresse électronique/).fill('habitant@demo.clairvoie.fr');
  await page.getByLabel(/^Mot de passe/).fill('demo-habitant-clairvoie');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: /Budget participatif 2027 des quartiers/ }).first().click();
  await page.goto(`${new URL(page.url()).pathname}/vote`);
  await hydrated(page, true);
  await page.getByLabel(/Bancs et ombrières/).check();
  await page.getByLabel(/Boîtes à livres/).check();
  await expect(page.locator('.ballot-total')).toContainText('22');
  await page.locator('h1').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(out, 'vote.png') });

  for (const name of ['capteurs.png', 'capteur.png', 'vote.png']) {
    expect(fs.statSync(path.join(out, name)).size).toBeGreaterThan(10_000);
  }
});
