// Keyboard alone, with JavaScript on (where a client-side router used to swallow in-page links): the skip link
// moves focus to the page's content, an error summary's link to its field, and following a link loads the new
// page with focus at its start, so the next Tab reaches the skip link again. On a desktop and on a phone.
import { expect, test } from '@playwright/test';
import { hydrated, watchErrors } from './helpers';

const focused = (page: import('@playwright/test').Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` : 'none';
  });

for (const viewport of [{ width: 1280, height: 900 }, { width: 320, height: 640 }]) {
  test.describe(`keyboard at ${viewport.width} px`, () => {
    test.use({ viewport });

    test('the skip link, an error summary link and a followed link put focus where they say', async ({ page }) => {
      const errors = watchErrors(page);
      // The registration page has an island (the browser bundle runs there): in-page links keep working.
      await page.goto('/compte/inscription');
      await hydrated(page, true);
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('main#contenu');
      expect(new URL(page.url()).hash).toBe('#contenu');

      // Sent empty from the keyboard (Enter in the first field): the error summary takes focus, its first link
      // leads to the field it names.
      await page.locator('#champ-email').focus();
      await page.keyboard.press('Enter');
      const summary = page.locator('.error-summary');
      await expect(summary).toBeFocused();
      await page.keyboard.press('Tab');
      const first = summary.getByRole('link').first();
      await expect(first).toBeFocused();
      const target = (await first.getAttribute('href'))!.slice(1);
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe(`input#${target}`);
      await expect(page.locator(`#${target}`)).toHaveAttribute('aria-invalid', 'true');

      // A link followed with Enter: the new page, announced by its title, with focus back at its start.
      await page.goto('/');
      await hydrated(page, true);
      const link = page.getByRole('main').getByRole('link', { name: 'Capteurs' }).first();
      await link.focus();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/capteurs$/);
      await expect(page).toHaveTitle(/Capteurs/);
      await hydrated(page, true);
      expect(await focused(page)).toBe('body');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
      expect(errors).toEqual([]);
    });
  });
}
