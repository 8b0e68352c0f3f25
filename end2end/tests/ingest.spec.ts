// Ingestion in a real browser: staff issue a device token on a sensor's connection page (with and without
// JavaScript), the device sends measurements with it, and the public sensor page then says it receives data and
// shows the proof-of-deletion table. axe-core checks every page visited.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, markNoJavaScript, watchErrors } from './helpers';

async function signIn(page: Page, next: string) {
  await page.goto(`/compte/connexion?suite=${next}`);
  await page.getByLabel(/^Adresse électronique/).fill('capteurs@demo.clairvoie.fr');
  await page.getByLabel(/^Mot de passe/).fill('demo-capteurs-clairvoie');
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

for (const javaScript of [true, false]) {
  test.describe(`device tokens ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test('issue a token, send measurements with it, read the proof on the sensor page', async ({ page, request }) => {
      if (!javaScript) markNoJavaScript(page);
      const errors = watchErrors(page);
      // Sensors in service in the demo town, whose datastreams are public (no personal data).
      const reference = javaScript ? 'DV-0002' : 'DV-0003';
      const connection = `/capteurs/${reference}/raccordement`;
      await signIn(page, connection);
      await expect(page.getByRole('heading', { level: 1, name: `Raccordement du capteur ${reference}` })).toBeVisible();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'connection page');
      await page.getByRole('button', { name: 'Créer un jeton' }).click();
      await expect(page.getByText('il ne sera plus jamais affiché')).toBeVisible();
      const secret = (await page.locator('code[data-secret]').textContent())!.trim();
      expect(secret).toHaveLength(43);
      await hydrated(page, javaScript);
      await expectAccessible(page, 'connection page with a new secret');

      const time = new Date(Date.now() - 120_000).toISOString();
      const answer = await request.post('/api/v1/observations', {
        headers: { Authorization: `Bearer ${secret}` },
        data: [
          { datastream: `${reference}/fill_level`, time, value: 64.5 },
          { datastream: `${reference}/fill_level`, time, value: 64.5 },
          { datastream: `${reference}/temperature`, time, value: 'chaud' },
        ],
      });
      expect(answer.status()).toBe(207);
      const report = await answer.json();
      expect([report.accepted, report.duplicates, report.rejected]).toEqual([1, 1, 1]);
      expect(report.rows[2].reason).toContain('type');

      await page.goto(`/capteurs/${reference}`);
      await expect(page.getByText(/Reçoit des données — dernière mesure il y a \d+ min\./)).toBeVisible();
      const table = page.getByRole('table', { name: 'Données conservées et effacées, par flux' });
      await expect(table.getByRole('row', { name: /fill_level/ })).toContainText('conforme');
      await expect(page.getByText('fill_level (%) : moyennes horaires des 7 derniers jours')).toBeVisible();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'sensor page with its proof of deletion');
      const proof = await (await request.get(`/api/v1/sensors/${reference}/retention`)).json();
      expect(proof.compliant).toBe(true);
      expect(proof.datastreams[0].rows_held).toBe(1);

      // A LoRaWAN network server's integration: its secret is shown once too.
      await page.goto('/admin/integrations');
      await hydrated(page, javaScript);
      await expectAccessible(page, 'integrations page');
      await page.getByLabel('Serveur réseau').selectOption('chirpstack');
      await page.getByLabel('Nom').fill(`ChirpStack ${javaScript ? 'A' : 'B'}`);
      await page.getByRole('button', { name: 'Créer l\'intégration' }).click();
      await expect(page.getByText('Intégration créée.')).toBeVisible();
      await expect(page.locator('code[data-secret]')).toHaveText(/^[A-Za-z0-9_-]{43}$/);
      await expect(page.getByRole('table', { name: 'Intégrations' })).toContainText(`ChirpStack ${javaScript ? 'A' : 'B'}`);
      await hydrated(page, javaScript);
      await expectAccessible(page, 'integrations page with a new secret');

      await page.goto('/admin/conservation');
      await expect(page.getByText('Aucune alarme')).toBeVisible();
      await hydrated(page, javaScript);
      await expectAccessible(page, 'retention alarms page');

      // Revoked from the page: refused at once.
      await page.goto(connection);
      await page.getByRole('button', { name: `Révoquer le jeton ${secret.slice(0, 6)}…` }).click();
      await expect(page.getByText('Jeton révoqué : il est refusé dès maintenant.')).toBeVisible();
      const refused = await request.post('/api/v1/observations', {
        headers: { Authorization: `Bearer ${secret}` },
        data: [],
      });
      expect(refused.status()).toBe(401);
      expect(errors).toEqual([]);
    });
  });
}
