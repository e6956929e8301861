import { expect, test } from '@playwright/test';
import { jsEnabled, open, person, watchConsole } from './helpers';

// An assembly from start to end, with JavaScript on and off: a coordinator creates it and
// names its facilitator; the facilitator schedules a meeting with an agenda, records its
// attendance and minutes, enters an amendment adopted in the room (which appears as the
// assembly's amendment in the section's pipeline) and the room's count on it.

const utc = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);

test('create an assembly, schedule a meeting, record its outcome', async ({ browser, page }, info) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const js = jsEnabled(info);
  const name = `Assemblea ${info.project.name} ${Date.now()}`;

  await open(page, info, '/login?next=/assemblies');
  await page.getByLabel('E-mail address').fill('coordinator@demo.redacta.test');
  await page.getByLabel('Password').fill('redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assemblies' })).toBeVisible();
  if (js) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Thematic').check();
  await page.getByLabel('Description').fill('Les **places** del barri.');
  await page.getByRole('button', { name: 'Create the assembly' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('.prose strong')).toHaveText('places');
  const assemblyUrl = page.url().split('#')[0];

  // The coordinator names the demo facilitator.
  if (js) await page.waitForSelector('body[data-hydrated="true"]');
  const facilitators = page.locator('#facilitators');
  await facilitators.getByLabel('E-mail address of the account').fill('facilitator@demo.redacta.test');
  await facilitators.getByRole('button', { name: 'Save' }).click();
  await expect(facilitators.getByRole('listitem').filter({ hasText: 'Ferran Facilitador' })).toBeVisible();

  // The facilitator schedules a meeting that started an hour ago, with a section on the agenda.
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  const facilitatorErrors = watchConsole(facilitator);
  await open(facilitator, info, assemblyUrl);
  await facilitator.getByRole('link', { name: 'Schedule a meeting' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Schedule a meeting' })).toBeVisible();
  if (js) await facilitator.waitForSelector('body[data-hydrated="true"]');
  await facilitator.getByLabel('Title').fill('Plenari de places');
  await facilitator.getByLabel('Starts').fill(utc(-3600_000));
  await facilitator.getByLabel('Ends').fill(utc(3600_000));
  await facilitator.getByLabel('Place', { exact: true }).fill('Plaça del Sol');
  await facilitator.getByRole('checkbox', { name: /· Mesura 1: 8\.000 habitatges públics$/ }).check();
  await facilitator.getByRole('button', { name: 'Save' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Plenari de places' })).toBeVisible();
  await expect(facilitator.locator('.agenda')).toContainText('Mesura 1: 8.000 habitatges públics');
  const meetingUrl = facilitator.url().split('#')[0];

  // Attendance and minutes.
  if (js) await facilitator.waitForSelector('body[data-hydrated="true"]');
  await facilitator.getByLabel('People who attended without registering').fill('12');
  await facilitator.getByLabel('Minutes').fill('Acord: **12.000** habitatges.');
  await facilitator.getByRole('button', { name: 'Save attendance and minutes' }).click();
  await expect(facilitator.getByText('12 attended: 0 registered residents and 12 without registering.')).toBeVisible();
  await expect(facilitator.locator('.minutes strong')).toHaveText('12.000');

  // An amendment adopted in the room.
  await facilitator.getByLabel('Section', { exact: true }).selectOption({ label: 'Programa municipal Barcelona 2027 · Mesura 1: 8.000 habitatges públics' });
  await facilitator.getByRole('button', { name: 'Write the amendment' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Enter an amendment adopted in the room' })).toBeVisible();
  if (js) await facilitator.waitForSelector('body[data-hydrated="true"]');
  await facilitator.getByLabel('Short title').fill(`Dotze mil (${info.project.name})`);
  const text = facilitator.getByLabel("The section's text as the room adopted it");
  await text.fill((await text.inputValue()).replace('**8,000**', '**12,000**'));
  if (js) await expect(facilitator.locator('ins')).toContainText('12,000');
  await facilitator.getByRole('button', { name: "Publish as the assembly's amendment" }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: `Dotze mil (${info.project.name})` })).toBeVisible();
  await expect(facilitator.getByRole('link', { name: `Adopted by the assembly ${name}` })).toBeVisible();
  const amendmentId = facilitator.url().split('/amendments/')[1].split(/[?#]/)[0];

  // It is in the section's pipeline like any amendment, and on the assembly's page.
  await open(page, info, '/sections/3');
  await expect(page.getByRole('link', { name: `Dotze mil (${info.project.name})` }).first()).toBeVisible();
  await open(page, info, assemblyUrl);
  await expect(page.getByRole('link', { name: `Dotze mil (${info.project.name})` })).toBeVisible();

  // The room's count, beside the online supports.
  await open(facilitator, info, meetingUrl);
  await facilitator.getByLabel('Amendment', { exact: true }).selectOption(amendmentId);
  await facilitator.getByLabel('For', { exact: true }).fill('20');
  await facilitator.getByLabel('Against', { exact: true }).fill('3');
  await facilitator.getByRole('button', { name: 'Save the count' }).click();
  const row = facilitator.locator('table.room-votes tbody tr').filter({ hasText: `Dotze mil (${info.project.name})` });
  await expect(row.locator('td').nth(1)).toHaveText('20');
  await expect(row.locator('td').nth(2)).toHaveText('3');
  await open(facilitator, info, `/amendments/${amendmentId}`);
  await expect(facilitator.getByText(/20 for, 3 against, 0 abstentions/)).toBeVisible();

  // The printable pack has the section's current text.
  await open(page, info, `${meetingUrl}/pack`);
  await expect(page.getByRole('heading', { level: 1, name: 'Plenari de places' })).toBeVisible();
  // Formatted as residents read it, not as Markdown.
  await expect(page.locator('.pack-text strong').first()).toHaveText('8,000');
  await expect(page.locator('.pack-section').first()).not.toContainText('**');

  expect(errors).toEqual([]);
  expect(facilitatorErrors).toEqual([]);
});
