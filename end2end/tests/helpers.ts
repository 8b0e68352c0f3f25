import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Fails the test on any axe-core violation (all rules: WCAG 2.x A/AA and best practices).
 *
 * axe runs inside the page, which a page without JavaScript forbids: there, the exact markup the server sent is
 * replayed (scripts removed, same origin, so the same CSS applies) in a separate page where axe can run.
 */
export async function expectAccessible(page: Page, what: string) {
  const javaScript = await isJavaScriptEnabled(page);
  let target = page;
  let cleanup = async () => {};
  if (!javaScript) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
    target = await context.newPage();
    const url = page.url();
    await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await target.goto(url);
    cleanup = () => context.close();
  }
  const results = await new AxeBuilder({ page: target }).analyze();
  await cleanup();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe-core violations on ${what} (${page.url()})`).toEqual([]);
}

const noScript = new WeakSet<Page>();

/** Marks a page as having JavaScript disabled (axe then checks a replay of its markup). */
export function markNoJavaScript(page: Page) {
  noScript.add(page);
}

async function isJavaScriptEnabled(page: Page): Promise<boolean> {
  return !noScript.has(page);
}

/** Waits until the page is interactive (the app sets data-hydrated on <body>). */
export async function hydrated(page: Page, javaScript: boolean) {
  if (javaScript) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

/**
 * Collects browser errors so a test can assert there were none: script errors (a failed hydration panics),
 * console errors, and any sub-resource (script, wasm, style, image) that failed or answered >= 400.
 * Documents are left out: a test that opens a 403 or 404 page on purpose checks that status itself.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Chromium echoes every >= 400 response, documents included; responses are checked below instead.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    // A navigation cancels what the previous page was still fetching; without JavaScript, scripts are blocked.
    const expected = reason === 'net::ERR_ABORTED' || (noScript.has(page) && ['script', 'fetch', 'other'].includes(r.resourceType()));
    if (r.resourceType() !== 'document' && !expected) errors.push(`failed: ${r.url()} ${reason}`);
  });
  return errors;
}

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path of the newest link mailed to `email` (the server writes mails to the outbox folder). */
export async function lastLinkTo(email: string): Promise<string> {
  const outbox = path.join(process.env.E2E_DATA_DIR!, 'outbox');
  for (let attempt = 0; attempt < 50; attempt++) {
    const files = fs.existsSync(outbox)
      ? fs.readdirSync(outbox).map((f) => path.join(outbox, f)).sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
      : [];
    for (const file of files.reverse()) {
      const mail = decodeQuotedPrintable(fs.readFileSync(file, 'utf8'));
      if (mail.includes(`To: ${email}`)) {
        const link = mail.split(/\s+/).find((w) => w.startsWith('http://127.0.0.1:'));
        if (link) return new URL(link).pathname + new URL(link).search;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${email} in ${outbox}`);
}
