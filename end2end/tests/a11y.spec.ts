import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { jsEnabled, open } from './helpers';

const pages = [
  '/', '/login', '/signup', '/programs/programa-municipal-barcelona-2027',
  '/sections/3', '/sections/3/history', '/sections/3/provenance', '/amendments/1',
];
for (const path of pages) {
  test(`no serious accessibility violation on ${path}`, async ({ page }, info) => {
    // axe runs as a script in the page; the server HTML is the same with JavaScript off.
    test.skip(!jsEnabled(info), 'axe needs JavaScript');
    await open(page, info, path);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}
