// The sensor registry in a real browser, on the demo town's 2,000 sensors: the map draws them and a filter
// reduces them, a point opens its page, the list works without JavaScript, a sensor page tells how long data
// is kept, the on-site notice's QR code leads to the sensor page, and the staff form explains its errors.
// axe-core checks every page visited.
import { expect, test, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

async function mapReady(page: Page) {
  const map = page.locator('#carte');
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  return {
    loaded: Number(await map.getAttribute('data-sensors')),
    visible: Number(await map.getAttribute('data-visible')),
  };
}

test.describe('sensor registry with JavaScript', () => {
  test('the map shows the sensors, a filter reduces them, a point opens its page', async ({ page, baseURL }) => {
    const errors = watchErrors(page);
    // With no basemap configured, nothing may leave the town's server (no CDN, no tiles, no fonts).
    const outside: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(baseURL!) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
    });
    await page.goto('/capteurs');
    await hydrated(page, true);
    await expect(page.getByRole('heading', { level: 1, name: 'Capteurs dans l\'espace public' })).toBeVisible();
    const all = await mapReady(page);
    expect(all.loaded).toBe(2000);
    expect(all.visible).toBeGreaterThan(0);
    // Clusters are buttons with their size: the map is drawn, not just loaded.
    await expect(page.locator('.map-cluster').first()).toBeVisible();
    await expectAccessible(page, 'sensor list and map');

    // The filters fold away until used (the map comes first on a phone).
    await page.getByText('Filtres et tri').click();
    await page.getByLabel('Domaine').selectOption('environment');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect(page.getByText('Filtres et tri (1 filtre appliqué)')).toBeVisible();
    await expect(page).toHaveURL(/domain=environment/);
    const environment = await mapReady(page);
    expect(environment.loaded).toBe(25);
    expect(environment.visible).toBeLessThan(all.visible);
    await expect(page.getByText('25 capteurs correspondent à ces filtres.')).toBeVisible();

    // One sensor: its point sits in the middle of the map; clicking it opens a popup with a link to its page.
    await page.goto('/capteurs?q=MT-0001');
    await hydrated(page, true);
    const one = await mapReady(page);
    expect(one.loaded).toBe(1);
    await page.locator('#carte').scrollIntoViewIfNeeded();
    const box = (await page.locator('#carte canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const open = page.locator('.maplibregl-popup').getByRole('link', { name: 'Ouvrir la fiche' });
    await expect(open).toBeVisible();
    await open.click();
    await expect(page).toHaveURL(/\/capteurs\/MT-0001$/);
    await expect(page.getByText(/Les mesures brutes sont conservées 10 ans/)).toBeVisible();
    await hydrated(page, true);
    await expectAccessible(page, 'sensor page');
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  });

  test('the on-site notice has a QR code that leads to the sensor page', async ({ page, baseURL }) => {
    const errors = watchErrors(page);
    await page.goto('/capteurs/VI-0001');
    await hydrated(page, true);
    await expect(page.getByText(/traite des données personnelles/).first()).toBeVisible();
    await page.getByRole('link', { name: 'Panneau d\'information à imprimer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Capteur VI-0001' })).toBeVisible();
    await expect(page.getByText(/CNIL/).first()).toBeVisible();
    const shot = await page.locator('.qr-code').screenshot();
    const png = PNG.sync.read(shot);
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe(`${baseURL}/capteurs/VI-0001`);
    const svg = await page.request.get('/capteurs/VI-0001/panneau.svg');
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toBe('image/svg+xml');
    await expectAccessible(page, 'on-site notice');
    await page.goto('/donnees-ouvertes');
    await expectAccessible(page, 'open data');
    expect(errors).toEqual([]);
  });

  test('staff: the sensor form explains its errors and creates the sensor', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/compte/connexion?suite=/capteurs/nouveau');
    await page.getByLabel(/^Adresse électronique/).fill('admin@demo.clairvoie.fr');
    await page.getByLabel(/^Mot de passe/).fill('demo-admin-clairvoie');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ajouter un capteur' })).toBeVisible();
    await hydrated(page, true);
    await expectAccessible(page, 'new sensor form');
    await page.getByLabel(/^Référence/).fill('AQ-9001');
    await page.locator('#champ-name').fill('Station école Jules-Ferry');
    await page.getByLabel('Type d\'appareil').selectOption('video_camera');
    await page.getByLabel('Domaine').selectOption('environment');
    await page.getByLabel('Réseau de transmission').selectOption('cellular');
    await page.getByLabel(/^Latitude/).fill('47.396');
    await page.getByLabel(/^Longitude/).fill('0.688');
    await page.locator('#champ-purpose').selectOption('air_quality_monitoring');
    await page.getByLabel(/^Finalité expliquée/).fill('Mesurer la pollution devant l\'école aux heures d\'entrée.');
    await page.getByLabel(/^Destinataires des données/).fill('Service environnement');
    await page.getByLabel(/^Contact du responsable/).fill('mairie@saint-clair.example');
    await page.getByLabel(/^Conservation des mesures brutes/).fill('P5Y');
    await page.locator('#champ-ds_0_name').fill('no2');
    await page.locator('#champ-ds_0_observed_property').fill('dioxyde d\'azote');
    await page.locator('#champ-ds_0_unit').fill('ug/m3');
    await page.locator('#champ-ds_0_raw_retention').fill('P5Y');
    await page.getByRole('button', { name: 'Ajouter le capteur' }).click();
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('Une caméra ou un compteur de passages traite toujours des données personnelles.');
    await expect(page.locator('#champ-name')).toHaveValue('Station école Jules-Ferry');
    await hydrated(page, true);
    await expectAccessible(page, 'sensor form with errors');
    await page.getByLabel('Type d\'appareil').selectOption('air_quality');
    await page.getByRole('button', { name: 'Ajouter le capteur' }).click();
    await expect(page).toHaveURL(/\/capteurs\/AQ-9001$/);
    await expect(page.getByText('Le capteur est ajouté au registre.')).toBeVisible();
    await expect(page.getByText('Les mesures brutes sont conservées 5 ans ; aucun agrégat n\'est gardé.')).toBeVisible();
    await page.goto('/capteurs/importer');
    await hydrated(page, true);
    await expectAccessible(page, 'import form');
    expect(errors).toEqual([]);
  });
});

test.describe('sensor registry without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the list filters, sorts and pages with plain forms and links', async ({ page }) => {
    markNoJavaScript(page);
    const errors = watchErrors(page);
    await page.goto('/capteurs');
    // 2,000 demo sensors (and whatever the other tests added).
    await expect(page.getByText(/^2\s0\d\d capteurs correspondent à ces filtres\.$/)).toBeVisible();
    await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(50);
    await expectAccessible(page, 'sensor list without JavaScript');
    await page.getByText('Filtres et tri').click();
    await page.getByLabel('Données personnelles', { exact: true }).selectOption('personal');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect(page.getByText('8 capteurs correspondent à ces filtres.')).toBeVisible();
    await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(8);
    await page.getByRole('link', { name: 'Tout afficher' }).click();
    await page.getByRole('link', { name: 'Page suivante' }).click();
    await expect(page.getByText(/^Page 2 sur 4\d$/).first()).toBeVisible();
    // By reference, page 2 holds water and energy meters (after 12+ AQ and 10 BR, the CP- series).
    const first = page.getByRole('table').locator('tbody tr th a').first();
    await expect(first).toHaveText(/^CP-00\d\d$/);
    await first.click();
    await expect(page.getByText(/Les mesures brutes sont conservées 2 ans, les agrégats 10 ans/)).toBeVisible();
    await expectAccessible(page, 'sensor page without JavaScript');
    expect(errors).toEqual([]);
  });
});
