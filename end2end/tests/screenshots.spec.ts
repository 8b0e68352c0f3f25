// The README's three screenshots, taken from the demo town on a 390 px phone at every run of the test command,
// so the README never shows a page that no longer looks that way: the sensor map, a sensor's page, and a
// participatory budget's results. The files are overwritten in server/docs/screens/.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hydrated } from './helpers';

const out = path.resolve(__dirname, '../../server/docs/screens');

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });

test('the README screenshots: the map, a sensor, a budget', async ({ page }) => {
  fs.mkdirSync(out, { recursive: true });

  await page.goto('/capteurs');
  await hydrated(page, true);
  await expect(page.locator('#carte')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // The page's own content, not the site header: the map with the first filters above it.
  await page.locator('#carte').evaluate((e) => e.scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: path.join(out, 'capteurs.png') });

  await page.goto('/capteurs/VI-0001');
  await hydrated(page, true);
  await expect(page.getByRole('heading', { level: 2, name: /En bref/i })).toBeVisible();
  await page.locator('h1').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(out, 'capteur.png') });

  await page.goto('/budgets');
  await hydrated(page, true);
  // The counted budget (its results and follow-up), not the one open to votes.
  await page.getByRole('link', { name: /Budget participatif de Toulouse 2022/ }).first().click();
  await hydrated(page, true);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('h1').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(out, 'budget.png') });

  for (const name of ['capteurs.png', 'capteur.png', 'budget.png']) {
    expect(fs.statSync(path.join(out, name)).size).toBeGreaterThan(10_000);
  }
});
