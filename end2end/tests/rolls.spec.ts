import { expect, test } from '@playwright/test';
import { jsEnabled, newResident, open, person, watchConsole } from './helpers';

// Eligibility rolls on a phone, with JavaScript on and off: a coordinator imports a list
// through the rolls page's form and reads what was read; a newcomer finds that the demo's
// roll vote asks them to verify first, verifies (a wrong birth date refused, then the right
// one typed loosely), comes back to the vote and casts.

test('a coordinator imports a roll', async ({ browser }, info) => {
  const page = await person(browser, info, 'coordinator@demo.redacta.test');
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, info, '/admin/rolls');
  await expect(page.getByRole('heading', { level: 1, name: 'Eligibility rolls' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: "Gràcia members' list" })).toBeVisible();
  const name = `Socis ${info.project.name} ${Date.now()}`;
  await page.getByLabel('Name of the roll').fill(name);
  await page.getByLabel('Second factor', { exact: true }).selectOption('birth-date');
  await page.getByLabel('Or paste the list').fill('# dni,data\n12345678Z,07/03/1990\nsense coma\nX1234567L;1985-06-15\n');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('button', { name: 'Import the roll' }).click();
  await expect(page.getByRole('status')).toContainText('Roll imported: 2 entries from 4 lines');
  await expect(page.getByText('Lines that could not be read: 3.')).toBeVisible();
  const item = page.locator('li.card', { has: page.getByRole('heading', { name }) });
  await expect(item.locator('dd').nth(1)).toHaveText('2');
  expect(errors).toEqual([]);
});

test('a newcomer verifies on the roll and votes', async ({ browser, baseURL }, info) => {
  test.setTimeout(90_000);
  const js = jsEnabled(info);
  const page = await newResident(browser, info, baseURL!, 'Roser');
  const errors = watchConsole(page);
  await open(page, info, '/votes');
  await page.getByRole('link', { name: 'Which square gets the new fountain?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Which square gets the new fountain?' })).toBeVisible();
  await expect(page.getByText('This vote is open to the people on the roll "Gràcia members\' list"')).toBeVisible();
  await page.getByRole('link', { name: 'Verify yourself on the roll' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Gràcia members' list" })).toBeVisible();
  // One demo entry per project: an entry is verified once.
  const [id, born] = js ? ['12.345.678-z', '1990-03-07'] : ['x1234567l', '1985-06-15'];
  await page.getByLabel('Your identifier').fill(id);
  await page.getByLabel('Birth date').fill('2001-01-01');
  await page.getByRole('button', { name: 'Verify me' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match an entry of this roll');
  await page.getByLabel('Your identifier').fill(id);
  await page.getByLabel('Birth date').fill(born);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('button', { name: 'Verify me' }).click();
  // Back at the vote, which now takes this person's ballot.
  await expect(page.getByRole('heading', { level: 1, name: 'Which square gets the new fountain?' })).toBeVisible();
  if (js) {
    await page.waitForSelector('body[data-hydrated="true"]');
    await page.getByRole('button', { name: 'Add Plaça del Sol to my ranking' }).click();
  } else {
    await page.getByLabel('Plaça del Sol').selectOption('1');
  }
  await page.getByRole('button', { name: 'Review my ballot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review your ballot' })).toBeVisible();
  if (js) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Cast my ballot' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your ballot was recorded' })).toBeVisible();
  // The roll's page says so; nothing typed is shown back.
  await open(page, info, '/votes');
  await page.getByRole('link', { name: 'Which square gets the new fountain?' }).click();
  await page.getByRole('link', { name: "Gràcia members' list" }).click();
  await expect(page.getByText('You are verified on this roll since')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(born);
  expect(errors).toEqual([]);
});
