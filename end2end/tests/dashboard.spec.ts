// The officials' dashboard in a real browser: the demo town's elected official opens it from the header, reads a
// chart and the table beside it, downloads a table as CSV and opens the demo budget's figures, with and without
// JavaScript. axe-core checks every page visited.
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

const sensors = 'Capteurs par domaine et niveau de données personnelles';

test('an official reads the dashboard: a chart, its table, a CSV, a budget', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  for (const javaScript of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL });
    const page = await context.newPage();
    const errors = watchErrors(page);
    if (!javaScript) markNoJavaScript(page);
    const mode = javaScript ? 'JS' : 'no JS';
    await page.goto('/compte/connexion');
    await page.getByLabel(/^Adresse électronique/).fill('elue@demo.clairvoie.fr');
    await page.getByLabel(/^Mot de passe/).fill('demo-elue-clairvoie');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: 'Tableau de bord' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
    await hydrated(page, javaScript);

    // A chart (an image named by its title) and its table, which says the same in numbers.
    const figure = page.getByRole('region', { name: sensors });
    await expect(figure.getByRole('img', { name: `Graphique : ${sensors}` })).toBeVisible();
    const table = figure.getByRole('table', { name: sensors });
    await expect(table.getByRole('columnheader', { name: 'Total' })).toBeVisible();
    const mobility = table.getByRole('row', { name: /^Mobilité/ });
    await expect(mobility).toBeVisible();
    await expect(figure.locator('svg text', { hasText: 'Mobilité' })).toHaveCount(1);
    // The key figures come first.
    const headline = page.getByRole('definition').first();
    await expect(page.getByText('Consultations ouvertes').or(page.getByText('Consultation ouverte'))).toBeVisible();
    await expect(headline).toHaveText(/^\d+$/);
    await expectAccessible(page, `town dashboard (${mode})`);
    // Chart text is never under 12 px, on a 320 px phone as on a desktop; no table is cut by the screen.
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      // The type's size in the chart's units times the chart's scale on the screen.
      const smallest = await page.locator('svg.chart text').evaluateAll((texts) =>
        Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t as SVGTextElement).getScreenCTM()!.a)));
      expect(smallest, `chart text at ${width} px`).toBeGreaterThanOrEqual(12);
      const cut = await page.locator('.table-wrap').evaluateAll((boxes) =>
        boxes.filter((b) => b.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
      expect(cut, `tables wider than the screen at ${width} px`).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // Every table downloads as CSV (codes and counts).
    const href = await figure.getByRole('link', { name: `Télécharger « ${sensors} » (CSV)` }).getAttribute('href');
    const file = await page.request.get(href!);
    expect(file.headers()['content-type']).toContain('text/csv');
    const lines = (await file.text()).trim().split('\r\n');
    expect(lines[0]).toBe('key,none,pseudonymised,personal,sensitive,total');
    expect(lines.some((l) => l.startsWith('mobility,'))).toBe(true);

    // The demo budget's figures: ballots by channel, the outcome under each rule with the official one named.
    await page.getByRole('navigation', { name: 'Consultations et budgets' }).getByRole('link', { name: /Budget participatif de Toulouse 2022/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Tableau de bord : Budget participatif de Toulouse 2022');
    const channels = page.getByRole('table', { name: 'Bulletins par canal' });
    await expect(channels.getByRole('row', { name: /^En ligne/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Résultat selon chaque règle de calcul' })).toContainText('(règle officielle)');
    await hydrated(page, javaScript);
    await expectAccessible(page, `budget dashboard (${mode})`);
    expect(errors, 'browser errors').toEqual([]);
    await context.close();
  }
});

test('residents cannot open the dashboard', async ({ page }) => {
  await page.goto('/compte/connexion');
  await page.getByLabel(/^Adresse électronique/).fill('habitant@demo.clairvoie.fr');
  await page.getByLabel(/^Mot de passe/).fill('demo-habitant-clairvoie');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: 'Tableau de bord' })).toHaveCount(0);
  const answer = await page.goto('/tableau-de-bord');
  expect(answer?.status()).toBe(403);
});

test('a resident reads this year’s public data report, prints it and downloads it', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const year = String(new Date().getUTCFullYear());
  for (const javaScript of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, baseURL });
    const page = await context.newPage();
    const errors = watchErrors(page);
    if (!javaScript) markNoJavaScript(page);
    const mode = javaScript ? 'JS' : 'no JS';
    await page.goto('/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Bilan de la donnée publique' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bilan de la donnée publique' })).toBeVisible();
    await hydrated(page, javaScript);
    await expectAccessible(page, `bulletin list (${mode})`);
    await page.getByRole('link', { name: `l’année ${year}`, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bilan de la donnée publique pour l’année ${year}`);
    // The demo town's registry was created this year: its sensors are counted as added, by domain.
    const byDomain = page.getByRole('table', { name: 'Capteurs ajoutés, suspendus et retirés, par domaine' });
    await expect(byDomain.getByRole('row', { name: /^Mobilité/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Décisions' })).toContainText('Compteurs de fréquentation Wi-Fi en centre-ville');
    await expect(page.getByRole('region', { name: 'Projets suivis' })).toContainText('Compteurs de fréquentation rue Nationale');
    await hydrated(page, javaScript);
    await expectAccessible(page, `a bulletin (${mode})`);
    // On paper, only the bulletin.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
    const href = await page.getByRole('link', { name: 'Télécharger le bilan (CSV)' }).getAttribute('href');
    const file = await page.request.get(href!);
    expect(file.headers()['content-type']).toContain('text/csv');
    expect((await file.text()).startsWith('period,section,item,measure,value\r\n')).toBe(true);
    expect(errors, 'browser errors').toEqual([]);
    await context.close();
  }
});
