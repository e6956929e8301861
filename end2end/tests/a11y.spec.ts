import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { jsEnabled, open, person } from './helpers';

const pages = [
  '/', '/login', '/signup', '/programs/programa-municipal-barcelona-2027',
  '/sections/3', '/sections/3/history', '/sections/3/provenance', '/amendments/1',
  '/votes', '/votes/1', '/assemblies', '/assemblies/gracia', '/meetings/1', '/meetings/2/pack',
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

// The ballot (the ranker once hydrated) and the review step, as a logged-in resident sees them.
for (const path of ['/votes/1', '/votes/1/review?rank_1=1&rank_3=1&rank_4=2']) {
  test(`no serious accessibility violation on the ballot ${path}`, async ({ browser }, info) => {
    test.skip(!jsEnabled(info), 'axe needs JavaScript');
    const page = await person(browser, info, 'resident@demo.redacta.test');
    await open(page, info, path);
    if (path === '/votes/1') {
      await page.getByRole('button', { name: 'Add 8,000 public homes to my ranking' }).click();
      await page.getByRole('button', { name: 'Add Superblocks in every district to my ranking' }).click();
    }
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}

// What facilitators and coordinators see: the meeting's forms and the dashboard.
for (const [who, path] of [['facilitator', '/meetings/1'], ['facilitator', '/meetings/2/edit'], ['coordinator', '/dashboard'],
  ['facilitator', '/sections/4/merge'], ['coordinator', '/programs/programa-municipal-barcelona-2027/committees'],
  ['coordinator', '/admin/rolls'], ['resident', '/rolls/1']]) {
  test(`no serious accessibility violation on ${path} as ${who}`, async ({ browser }, info) => {
    test.skip(!jsEnabled(info), 'axe needs JavaScript');
    const page = await person(browser, info, `${who}@demo.redacta.test`);
    await open(page, info, path);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}
