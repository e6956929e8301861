import { expect, test } from '@playwright/test';
import { open, person, watchConsole } from './helpers';

// A meeting's paper ballots for an open vote, on a phone, with JavaScript on and off: the
// facilitator picks the vote, sees how many papers the room may still enter, enters a pile
// of identical ballots with the same form voters use, and sees it listed with the bound
// lowered by as many papers.

test('enter the room paper ballots of a meeting', async ({ browser }, info) => {
  test.setTimeout(90_000);
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  const errors = watchConsole(facilitator);
  await facilitator.setViewportSize({ width: 390, height: 844 });
  await open(facilitator, info, '/assemblies/gracia');
  await facilitator.getByRole('link', { name: "Assemblea oberta d'habitatge" }).first().click();
  await expect(facilitator.getByRole('heading', { level: 1, name: "Assemblea oberta d'habitatge" })).toBeVisible();
  await facilitator.getByRole('link', { name: 'Enter paper ballots' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Paper ballots from the room' })).toBeVisible();
  await facilitator.getByRole('link', { name: 'The first year, block by block' }).click();
  await expect(facilitator.getByRole('heading', { level: 2, name: 'The first year, block by block' })).toBeVisible();
  const left = facilitator.locator('dt', { hasText: 'Paper ballots the room may still enter' }).locator('xpath=following-sibling::dd[1]');
  const before = parseInt((await left.innerText()).replace(/\D/g, ''), 10);
  expect(before).toBeGreaterThan(0);

  // The pile's size is bounded in the form too (the server refuses above it: API tests).
  await expect(facilitator.getByLabel('Papers in this pile')).toHaveAttribute('max', String(before));
  const again = facilitator.locator('form.ballot-blocks');
  await again.getByRole('group', { name: 'Housing' }).getByLabel('Buy empty flats for public rent').check();
  await again.getByRole('group', { name: 'Publish every council contract online' }).getByLabel('No').check();
  await again.getByLabel('Papers in this pile').fill('2');
  const wide = await facilitator.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await again.getByRole('button', { name: 'Enter these ballots' }).click();
  await expect(facilitator.getByText('Entered: 2 paper ballots.')).toBeVisible();
  await expect(facilitator.locator('#piles')).toContainText('Publish every council contract online: No');
  const after = parseInt((await facilitator.locator('dt', { hasText: 'Paper ballots the room may still enter' }).locator('xpath=following-sibling::dd[1]').innerText()).replace(/\D/g, ''), 10);
  expect(after).toBe(before - 2);
  expect(errors).toEqual([]);
});
