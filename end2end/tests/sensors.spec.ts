// The sensor registry in a real browser, on the demo town's 2,000 sensors: the map draws them and a filter
// reduces them, a point opens its page, the list works without JavaScript, a sensor page tells how long data
// is kept, the on-site notice's QR code leads to the sensor page, and the staff form explains its errors.
// axe-core checks every page visited.
import { expect, test, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

async function openMap(page: Page) {
  await page.getByRole('button', { name: 'Ouvrir la carte interactive' }).click();
  await expect(page.locator('img.map-preview')).toHaveCount(0);
}

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
    const library: string[] = [];
    page.on('request', (r) => { if (/maplibre|sensors\.geojson/.test(r.url())) library.push(r.url()); });
    await page.goto('/capteurs');
    await hydrated(page, true);
    await expect(page.getByRole('heading', { level: 1, name: 'Capteurs dans l\'espace public' })).toBeVisible();
    // A first visit loads the server's image, not MapLibre nor the points.
    await expect(page.locator('img.map-preview')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(library).toEqual([]);
    await expectAccessible(page, 'sensor list and map preview');
    await openMap(page);
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
    await openMap(page);
    const environment = await mapReady(page);
    expect(environment.loaded).toBe(25);
    expect(environment.visible).toBeLessThan(all.visible);
    await expect(page.getByText('25 capteurs correspondent à ces filtres.')).toBeVisible();

    // One sensor: its point sits in the middle of the map; clicking it opens a popup with a link to its page.
    await page.goto('/capteurs?q=MT-0001');
    await hydrated(page, true);
    await openMap(page);
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

  test('the map with the keyboard alone: skip it, open it, split groups, open a point', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/capteurs?domain=environment');
    await hydrated(page, true);
    // The link that skips the map lands on the list.
    await page.locator('.skip-map').focus();
    await expect(page.locator('.skip-map')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('#liste-titre')).toBeFocused();
    // Enter on the button opens the map and focus moves into it.
    await page.getByRole('button', { name: 'Ouvrir la carte interactive' }).focus();
    await page.keyboard.press('Enter');
    await mapReady(page);
    await expect(page.locator('#carte canvas')).toBeFocused();
    // Enter on a group zooms in and focus stays on the map's buttons (never drops to the page), until the
    // points are buttons themselves; Enter on a point opens its popup with its link focused.
    const active = () => page.evaluate(() => document.activeElement?.className || document.activeElement?.tagName);
    // The focused element once it is no longer the one Enter was pressed on.
    const next = () =>
      page.evaluate(() => {
        const a = document.activeElement;
        return a && !a.hasAttribute('data-pressed') ? a.className || a.tagName : 'unchanged';
      });
    await page.locator('.map-cluster').first().focus();
    for (let i = 0; i < 8 && /map-cluster/.test(await active()); i++) {
      await page.evaluate(() => document.activeElement!.setAttribute('data-pressed', ''));
      await page.keyboard.press('Enter');
      await expect.poll(next, { timeout: 15_000 }).toMatch(/map-cluster|map-point/);
    }
    if (!/map-point/.test(await active())) await page.locator('.map-point').first().focus();
    await expect(page.locator('.map-point').first()).toHaveAttribute('aria-label', /\(/);
    await page.keyboard.press('Enter');
    await expect(page.locator('.maplibregl-popup').getByRole('link', { name: 'Ouvrir la fiche' })).toBeFocused();
    // MapLibre's zoom buttons keep the site's focus ring.
    const zoom = page.getByRole('button', { name: 'Zoomer', exact: true });
    await zoom.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await zoom.evaluate((b) => getComputedStyle(b).outlineStyle)).toBe('solid');
    await expectAccessible(page, 'interactive map');
    expect(errors).toEqual([]);
  });

  test('an address typed as residents type it finds the sensors around it; "around me" uses the position', async ({ page, context }) => {
    const errors = watchErrors(page);
    await page.goto('/capteurs');
    await hydrated(page, true);
    await page.locator('#adresse').fill('12 r de la republique');
    await page.getByLabel('Distance').selectOption('500');
    await page.getByRole('button', { name: 'Chercher autour' }).click();
    await expect(page.getByText('Capteurs à moins de 500 m de « 12 rue de la République », les plus proches d\'abord.')).toBeVisible();
    // The field keeps what was typed; the sentence above says which address it was read as.
    await expect(page.locator('#adresse')).toHaveValue('12 r de la republique');
    await expect(page.getByRole('columnheader', { name: 'Distance' })).toBeVisible();
    const count = Number((await page.getByText(/capteurs? correspond/).textContent())!.match(/\d+/)![0]);
    expect(count).toBeGreaterThan(0);
    // The list's distances grow down the page.
    const metres = (await page.locator('table.sensors tbody td.number').allTextContents()).map((t) => Number(t.replace(/\D/g, '')));
    expect(metres).toEqual([...metres].sort((a, b) => a - b));
    expect(metres[metres.length - 1]).toBeLessThanOrEqual(500);
    await expectAccessible(page, 'sensors near an address');
    // The map holds the same sensors, inside the circle.
    await openMap(page);
    const near = await mapReady(page);
    expect(near.loaded).toBe(count);
    await expectAccessible(page, 'sensors near an address, interactive map');

    // Around me: the browser's position (granted here), the same distance choices.
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 47.3952, longitude: 0.6901 });
    await page.goto('/capteurs');
    await hydrated(page, true);
    await page.getByRole('button', { name: 'Autour de moi' }).click();
    await expect(page).toHaveURL(/lat=47\.395200&lon=0\.690100&rayon=200/);
    await expect(page.getByText('Capteurs à moins de 200 m de votre position, les plus proches d\'abord.')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the on-site notice has a QR code that leads to the sensor page', async ({ page, baseURL }) => {
    const errors = watchErrors(page);
    await page.goto('/capteurs/VI-0001');
    await hydrated(page, true);
    await expect(page.getByText(/traite des données personnelles/).first()).toBeVisible();
    await page.getByRole('link', { name: 'Panneau d\'information à imprimer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Caméra vidéo' })).toBeVisible();
    await expect(page.locator('.notice-name')).toContainText('VI-0001');
    await expect(page.getByText(/CNIL/).first()).toBeVisible();
    const shot = await page.locator('.qr-code').screenshot();
    const png = PNG.sync.read(shot);
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toBe(`${baseURL}/capteurs/VI-0001`);
    const svg = await page.request.get('/capteurs/VI-0001/panneau.svg');
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toBe('image/svg+xml');
    await expectAccessible(page, 'on-site notice');
    // It prints on one sheet, A5 or A4, QR code included, and fills an A4 sheet rather than sitting small in it.
    const qrWidth: Record<string, number> = {};
    for (const [format, min] of [['A5', 0.8], ['A4', 0.8]] as const) {
      // Printed from a desktop browser's window, as staff do.
      await page.setViewportSize({ width: 1280, height: 900 });
      const pdf = (await page.pdf({ format, printBackground: true })).toString('latin1');
      // The page tree's count: how many sheets the print takes.
      const sheets = Number(pdf.match(/\/Type\s*\/Pages\s*\/Count\s+(\d+)/)?.[1]);
      expect(sheets, `${format}: sheets`).toBe(1);
      await page.emulateMedia({ media: 'print' });
      // The printable width of the sheet (minus 2 × 8 mm margins), in CSS pixels.
      const width = ((format === 'A5' ? 148 : 210) - 16) * (96 / 25.4);
      await page.setViewportSize({ width: Math.round(width), height: 900 });
      const sign = await page.locator('.notice-sign').boundingBox();
      const qr = await page.locator('.qr-code').boundingBox();
      expect(sign!.width / width, `${format}: the notice fills the width`).toBeGreaterThan(min);
      expect(qr!.width, `${format}: the QR code is at least 25 mm`).toBeGreaterThan(25 * (96 / 25.4));
      qrWidth[format] = qr!.width;
      // Back to no emulation: page.pdf() then prints with print media again.
      await page.emulateMedia({ media: null });
    }
    expect(qrWidth.A4 / qrWidth.A5, 'A4 is A5 scaled up').toBeGreaterThan(1.3);
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
    // Retention is a number and a unit, not ISO 8601.
    await page.getByLabel(/^Conservation des mesures brutes/).fill('5');
    await page.locator('#champ-raw_retention-unite').selectOption({ label: 'ans' });
    await page.locator('#champ-ds_0_name').fill('no2');
    await page.locator('#champ-ds_0_observed_property').fill('dioxyde d\'azote');
    await page.locator('#champ-ds_0_unit').fill('ug/m3');
    await page.locator('#champ-ds_0_raw_retention').fill('5');
    await page.locator('#champ-ds_0_raw_retention-unite').selectOption('Y');
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
    await page.goto('/adresses/importer');
    await expect(page.getByText(/adresses sont importées/)).toBeVisible();
    await expectAccessible(page, 'address import form');
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
    await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(15);
    // The map is the server's image, with the town's streets; the interactive map is not offered.
    const preview = page.locator('img.map-preview');
    await expect(preview).toBeVisible();
    await expect(preview).toHaveAttribute('alt', /^Plan de la ville avec 2\s0\d\d capteurs/);
    expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
    await expect(page.getByRole('button', { name: 'Ouvrir la carte interactive' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Autour de moi' })).toBeHidden();
    await expectAccessible(page, 'sensor list without JavaScript');
    await page.getByText('Filtres et tri').click();
    await page.getByLabel('Données personnelles', { exact: true }).selectOption('personal');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect(page.getByText('8 capteurs correspondent à ces filtres.')).toBeVisible();
    await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(8);
    await page.getByRole('link', { name: 'Tout afficher' }).click();
    await page.getByRole('link', { name: 'Page suivante' }).click();
    await expect(page.getByText(/^Page 2 sur 13\d$/).first()).toBeVisible();
    // By reference, page 2 holds water and energy meters (after 12+ AQ and 10 BR, the CP- series).
    const first = page.getByRole('table').locator('tbody tr th a', { hasText: /^CP-/ }).first();
    await expect(first).toHaveText(/^CP-00\d\d$/);
    await first.click();
    await expect(page.getByText(/Les mesures brutes sont conservées 2 ans, les agrégats 10 ans/)).toBeVisible();
    await expectAccessible(page, 'sensor page without JavaScript');

    // An address, with a typo, without JavaScript: the same search, the server's map of the circle.
    await page.goto('/capteurs');
    await page.locator('#adresse').fill('rue de la repbulique');
    await page.getByRole('button', { name: 'Chercher autour' }).click();
    await expect(page.getByText('Capteurs à moins de 200 m de « Rue de la République », les plus proches d\'abord.')).toBeVisible();
    await expect(page.locator('img.map-preview')).toHaveAttribute('src', /lat=47\.\d+&lon=0\.\d+&rayon=200/);
    await expectAccessible(page, 'sensors near an address without JavaScript');
    expect(errors).toEqual([]);
  });
});
