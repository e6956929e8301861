import { expect, test } from '@playwright/test';
import { jsEnabled, open } from './helpers';

// Only the interactive parts of a page run in the browser (islands): a page without one
// downloads no JavaScript or WebAssembly beyond the loader in the page itself.
test('the browser code loads only on pages with an island', async ({ page }, info) => {
  test.skip(!jsEnabled(info), 'without JavaScript nothing loads anyway');
  const loaded: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/pkg/') && !r.url().endsWith('.css')) loaded.push(r.url());
  });
  await open(page, info, '/programs/programa-municipal-barcelona-2027');
  await open(page, info, '/votes');
  expect(loaded, loaded.join('\n')).toEqual([]);

  // A section has the passage picker and the live thread.
  await open(page, info, '/sections/3');
  expect(loaded.some((u) => u.endsWith('.wasm'))).toBe(true);
  await expect(page.locator('#comments[data-live="open"]')).toBeAttached();
});
