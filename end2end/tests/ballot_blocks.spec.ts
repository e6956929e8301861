import { expect, test } from '@playwright/test';
import { jsEnabled, open, person, watchConsole } from './helpers';

// A ballot of several questions on a phone, with JavaScript on and off: boxes to approve
// (with a limit per question), yes/no/abstain, scores; the review step says the ballot in
// words or why it is refused; casting it shows it back, question by question.

test('a ballot of several questions at 390 px', async ({ browser }, info) => {
  test.setTimeout(90_000);
  // Clara, not Rita: Rita was present at the Gràcia meeting whose paper ballots another
  // test enters into this vote, and then her ballot is the room's.
  const resident = await person(browser, info, 'coordinator@demo.redacta.test');
  const errors = watchConsole(resident);
  await resident.setViewportSize({ width: 390, height: 844 });
  await open(resident, info, '/votes');
  await resident.getByRole('link', { name: 'The first year, block by block' }).first().click();
  await expect(resident.getByRole('heading', { level: 1, name: 'The first year, block by block' })).toBeVisible();
  if (jsEnabled(info)) await resident.waitForSelector('body[data-hydrated="true"]');

  const housing = resident.getByRole('group', { name: 'Housing' });
  await expect(housing.getByText('Tick the options you approve: at most 2.')).toBeVisible();
  // Three approvals where two are allowed: the review says so and nothing is cast.
  for (const name of ['Buy empty flats for public rent', "A tenants' office in every district", 'Cooperative housing on public land']) {
    await housing.getByLabel(name).check();
  }
  await resident.getByRole('button', { name: 'Review my ballot' }).click();
  await expect(resident.getByRole('alert')).toContainText('Approve at most 2 options.');
  await resident.getByRole('link', { name: 'Back to my ballot' }).click();

  const ballot = resident.getByRole('group', { name: 'Housing' });
  await ballot.getByLabel('Buy empty flats for public rent').check();
  await ballot.getByLabel("A tenants' office in every district").uncheck();
  await ballot.getByLabel('Cooperative housing on public land').check();
  await resident.getByRole('group', { name: 'Mobility' }).getByLabel('Safe routes to every school').check();
  await resident.getByRole('group', { name: 'Publish every council contract online' }).getByLabel('Yes').check();
  await resident.getByLabel('A park within 5 minutes of every home').selectOption('5');
  // Nothing on the page is wider than the phone.
  const wide = await resident.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await resident.getByRole('button', { name: 'Review my ballot' }).click();

  await expect(resident.getByRole('heading', { level: 1, name: 'Review your ballot' })).toBeVisible();
  await expect(resident.getByText('Publish every council contract online: Yes')).toBeVisible();
  await expect(resident.getByText('A park within 5 minutes of every home: 5 of 5')).toBeVisible();
  await expect(resident.getByText('Shade in every playground: 0 of 5')).toBeVisible();
  await resident.getByRole('button', { name: 'Cast my ballot' }).click();
  await expect(resident.locator('#my-ballot')).toContainText('Cooperative housing on public land');
  await expect(resident.locator('#my-ballot')).toContainText('Safe routes to every school');
  await expect(resident.locator('#my-ballot code.receipt')).toBeVisible();
  expect(errors).toEqual([]);
});
