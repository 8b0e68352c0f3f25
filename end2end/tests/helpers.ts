import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Fails the test on any axe-core violation (all rules: WCAG 2.x A/AA and best practices) and on any colour
 * contrast axe could not decide.
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
  const phone = await phoneProblems(target);
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  // A contrast axe could not decide is decided here, from the element's computed colour and the first opaque
  // background behind it; what cannot be decided either (text over an image or a gradient) fails, as does a
  // ratio under WCAG's. White link-buttons on a white page were "incomplete" only, and went unnoticed.
  const incomplete = results.incomplete.filter((r) => r.id === 'color-contrast').flatMap((r) => r.nodes);
  const decided = await target.evaluate(contrastOf, incomplete.map((n) => String(n.target[n.target.length - 1])));
  const undecided = incomplete
    .map((n, i) => ({ n, verdict: decided[i] }))
    .filter(({ verdict }) => verdict !== 'ok')
    .map(({ n, verdict }) => `color-contrast (axe: incomplete; here: ${verdict}): ${n.target.join(' ')}`);
  await cleanup();
  expect([...summary, ...undecided], `axe-core violations on ${what} (${page.url()})`).toEqual([]);
  expect(phone, `${what} on a phone (${page.url()})`).toEqual([]);
}

/**
 * Every page checked for accessibility is also looked at on 320 px and 390 px phones: no page wider than the
 * screen (what overflows is named: a wide table must scroll in its own box), and a header under 80 px (town
 * kiosks, 800 px tablets, have their own header and are left out). The viewport is put back afterwards.
 */
async function phoneProblems(page: Page): Promise<string[]> {
  const original = page.viewportSize();
  const problems: string[] = [];
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 700 });
    const found = await page.evaluate(() => {
      const out: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) {
        const wide = Array.from(document.body.querySelectorAll('*')).filter((el) => {
          const box = el.getBoundingClientRect();
          // Not drawn (a closed menu's links): not there.
          if (box.width === 0 || box.right <= root.clientWidth + 1 || !el.checkVisibility()) return false;
          // Inside a box that scrolls or clips on its own, it does not widen the page (unless it escapes it as an
          // absolutely placed element whose containing block is outside: then the page's width gives it away).
          for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            const o = getComputedStyle(up).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
          }
          return true;
        });
        const name = (el: Element) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
        out.push(`page ${root.scrollWidth} px wide: ${wide.slice(0, 4).map(name).join(', ')}`);
      }
      const header = document.querySelector('body > .site-header');
      if (header && header.getBoundingClientRect().height >= 80) {
        out.push(`header ${Math.round(header.getBoundingClientRect().height)} px high`);
      }
      return out;
    });
    problems.push(...found.map((p) => `${width} px: ${p}`));
  }
  if (original) await page.setViewportSize(original);
  return problems;
}

/** For each selector: 'ok', the ratio found when it is too low, or why it cannot be told. Runs in the page. */
function contrastOf(selectors: string[]): string[] {
  const rgba = (c: string) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a: Number.isNaN(a) || a === undefined ? 1 : a };
  };
  const lum = (c: { r: number; g: number; b: number }) => {
    const f = (v: number) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  return selectors.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return 'element not found';
    const style = getComputedStyle(el);
    const fg = rgba(style.color);
    if (!fg || fg.a < 1) return `text colour ${style.color}`;
    let bg = null;
    for (let up: Element | null = el; up; up = up.parentElement) {
      const s = getComputedStyle(up);
      if (s.backgroundImage !== 'none') return 'text over an image or gradient';
      const c = rgba(s.backgroundColor);
      if (c && c.a === 1) { bg = c; break; }
      if (c && c.a > 0) return `translucent background ${s.backgroundColor}`;
    }
    bg = bg ?? { r: 255, g: 255, b: 255, a: 1 };
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    return ratio >= (large ? 3 : 4.5) ? 'ok' : `ratio ${ratio.toFixed(2)}:1`;
  });
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
