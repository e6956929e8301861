import { expect, test } from '@playwright/test';
import { header, open } from './helpers';

// Search is a plain GET form: the same with JavaScript on and off, and at phone width.
for (const width of [390, 1280]) {
  test(`search finds program text with the words marked, at ${width} px`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 844 });
    await open(page, info, '/');
    await (await header(page)).getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Words to find in the program, amendments and comments').fill('HABITATGES publics');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search\?q=HABITATGES\+publics/);
    const first = page.locator('.search-hit').first();
    await expect(first).toBeVisible();
    // Accents and capitals do not matter; the words found are marked.
    await expect(first.locator('mark').first()).toHaveText(/habitatges|públics/i);
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // A result leads to its page.
    await first.getByRole('link').click();
    await expect(page).toHaveURL(/\/(sections|amendments)\/\d+/);
  });
}

test('a search that finds nothing says so, and how to find more', async ({ page }, info) => {
  await open(page, info, '/search?q=zzzqqq+habitatge');
  await expect(page.getByRole('status')).toContainText('Nothing matches all these words');
});
