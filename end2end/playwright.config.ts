// End-to-end tests: Debian's Chromium (never a downloaded browser) against a real `clairvoie serve`
// on a fresh SQLite file with the demo town. `bash .cargo/dev.sh test` builds first and sets E2E_DATA_DIR.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'clairvoie-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
const port = Number(process.env.E2E_PORT ?? 3210);
const bin = path.resolve(__dirname, '../target/debug/clairvoie');
// A real OpenID Connect provider (node-oidc-provider, `oidc/provider.mjs`) beside the server: the sign-in page
// offers it as FranceConnect would be.
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3290);

export default defineConfig({
  testDir: './tests',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
  webServer: [{
    command: `sh -c '"${bin}" seed-demo && exec "${bin}" serve'`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      CLAIRVOIE_DATA_DIR: dataDir,
      CLAIRVOIE_ADDR: `127.0.0.1:${port}`,
      CLAIRVOIE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.resolve(__dirname, '../target/site'),
      RUST_LOG: 'warn',
      CLAIRVOIE_OIDC: 'fc',
      CLAIRVOIE_OIDC_FC_ISSUER: `http://127.0.0.1:${oidcPort}`,
      CLAIRVOIE_OIDC_FC_CLIENT_ID: 'clairvoie-fc',
      CLAIRVOIE_OIDC_FC_CLIENT_SECRET: 'clairvoie-fc-secret',
      CLAIRVOIE_OIDC_FC_LABEL: 'FranceConnect (essai)',
      CLAIRVOIE_OIDC_FC_RESIDENCE: '1',
    },
  }, {
    command: `node oidc/provider.mjs ${oidcPort} http://127.0.0.1:${port} --no-stdin`,
    url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'ignore',
  }],
});
