import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { jsEnabled, open, watchConsole } from './helpers';

// Deliberation with JavaScript on and off: comment, reply, vote, report, moderate.

async function person(browser: Browser, info: TestInfo, email: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: jsEnabled(info) });
  const page = await context.newPage();
  await open(page, info, '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  return page;
}

test('comment, reply, vote, report and moderate', async ({ browser }, info) => {
  const stamp = `${info.project.name}-${Date.now()}`;
  const resident = await person(browser, info, 'resident@demo.redacta.test');
  const errors = watchConsole(resident);
  await open(resident, info, '/sections/4');
  await resident.getByLabel('Your comment').fill(`We need **more** mediation ${stamp}.`);
  await resident.getByRole('button', { name: 'Post', exact: true }).click();
  const mine = resident.locator('li.comment', { hasText: `mediation ${stamp}` });
  await expect(mine).toBeVisible();
  await expect(mine.locator('strong').nth(1)).toHaveText('more');

  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  await open(facilitator, info, '/sections/4?sort=newest');
  const theirs = facilitator.locator('li.comment', { hasText: `mediation ${stamp}` });
  await theirs.getByRole('button', { name: /Agree/ }).click();
  await expect(theirs.getByRole('button', { name: /Agree 1/ })).toHaveAttribute('aria-pressed', 'true');
  await theirs.locator('summary', { hasText: 'Reply' }).click();
  await theirs.getByRole('textbox', { name: 'Reply' }).fill(`Agreed ${stamp}`);
  await theirs.getByRole('button', { name: 'Post', exact: true }).click();
  const reply = facilitator.locator('li.comment.depth-1', { hasText: `Agreed ${stamp}` });
  await expect(reply).toBeVisible();

  // The resident is told about the reply.
  await open(resident, info, '/');
  await resident.getByRole('link', { name: /Notifications \d+ unread/ }).click();
  await expect(resident.getByRole('link', { name: 'Ferran Facilitador replied to you' }).first()).toBeVisible();
  await resident.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(resident.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0);

  // Report, then moderate: hide it with a reason; its author still sees it, flagged.
  const again = facilitator.locator('li.comment', { hasText: `mediation ${stamp}` }).first();
  await again.locator('summary', { hasText: 'Report' }).click();
  await again.getByLabel('Why? (required)').fill('testing the report');
  await again.getByRole('button', { name: 'Report' }).click();
  const reported = facilitator.locator('li.comment', { hasText: `mediation ${stamp}` }).first();
  await expect(reported.getByText('You reported this comment.')).toBeVisible();
  await reported.locator('summary', { hasText: 'Moderate' }).click();
  await reported.getByLabel('Hide').check();
  await reported.getByLabel('Why (kept in the log)').fill('off topic');
  await reported.getByRole('button', { name: 'Save' }).click();

  const anonymous = await browser.newContext({ javaScriptEnabled: jsEnabled(info) });
  const reader = await anonymous.newPage();
  await open(reader, info, '/sections/4?sort=newest');
  await expect(reader.getByText('This comment is hidden pending review.').first()).toBeVisible();
  await expect(reader.getByText(`mediation ${stamp}`)).toHaveCount(0);
  await open(resident, info, '/sections/4?sort=newest');
  await expect(resident.locator('li.comment', { hasText: `mediation ${stamp}` }).getByText('Hidden from others pending review')).toBeVisible();

  if (jsEnabled(info)) {
    // A comment on a selected passage.
    await resident.locator('.section-text p').first().evaluate((p) => {
      const node = p.firstChild!;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, 'No eviction'.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await resident.getByRole('button', { name: 'Comment on the selected passage' }).click();
    await expect(resident.locator('.comment-form blockquote.passage')).toHaveText('No eviction');
    await resident.getByLabel('Your comment').fill(`About evictions ${stamp}`);
    await resident.getByRole('button', { name: 'Post', exact: true }).click();
    const anchored = resident.locator('li.comment', { hasText: `About evictions ${stamp}` });
    await expect(anchored.locator('blockquote.passage')).toHaveText('No eviction');
  }

  // The moderation queue: the hidden comment is listed with its report; dismissing the
  // reports there shows it again and takes it out of the queue.
  await open(facilitator, info, '/moderation');
  const queued = facilitator.locator('li.comment', { hasText: `mediation ${stamp}` });
  await expect(queued.getByText('testing the report')).toBeVisible();
  await expect(queued.getByText('hidden', { exact: true })).toBeVisible();
  await queued.getByLabel('Dismiss the reports').check();
  await queued.getByLabel('Why (kept in the log)').fill('reviewed, it is on topic');
  await queued.getByRole('button', { name: 'Save' }).click();
  await expect(facilitator.getByRole('heading', { name: 'Moderation queue' })).toBeVisible();
  await expect(facilitator.locator('li.comment', { hasText: `mediation ${stamp}` })).toHaveCount(0);
  await open(reader, info, '/sections/4?sort=newest');
  await expect(reader.locator('li.comment', { hasText: `mediation ${stamp}` })).toBeVisible();
  expect(errors, errors.join('\n')).toEqual([]);
});

test('new comments appear without a reload, and wait while one types', async ({ browser }, info) => {
  test.skip(!jsEnabled(info), 'live updates need JavaScript; without it a reload shows them (checked above)');
  const stamp = `${info.project.name}-${Date.now()}`;
  const anonymous = await browser.newContext();
  const reader = await anonymous.newPage();
  const errors = watchConsole(reader);
  await open(reader, info, '/sections/4?sort=newest');
  await expect(reader.locator('#comments[data-live="open"]')).toBeAttached();
  const writer = await person(browser, info, 'coordinator@demo.redacta.test');
  await open(writer, info, '/sections/4');

  // Posted by someone else: it shows up on the open page and is announced.
  await writer.getByLabel('Your comment').fill(`Live one ${stamp}`);
  await writer.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(reader.locator('li.comment', { hasText: `Live one ${stamp}` })).toBeVisible({ timeout: 15_000 });
  await expect(reader.getByText('New comments have arrived and are shown.')).toBeAttached();

  // While the reader types, the thread does not reload under their fingers: a button
  // offers the new comments, and the typed words survive showing them.
  const resident = await person(browser, info, 'resident@demo.redacta.test');
  await open(resident, info, '/sections/4?sort=newest');
  await expect(resident.locator('#comments[data-live="open"]')).toBeAttached();
  await resident.getByLabel('Your comment').fill(`Half-written ${stamp}`);
  await writer.getByLabel('Your comment').fill(`Live two ${stamp}`);
  await writer.getByRole('button', { name: 'Post', exact: true }).click();
  const offer = resident.getByRole('button', { name: /1 new comment: show it/ });
  await expect(offer).toBeVisible({ timeout: 15_000 });
  await expect(resident.getByText(`Live two ${stamp}`)).toHaveCount(0);
  await offer.click();
  await expect(resident.locator('li.comment', { hasText: `Live two ${stamp}` })).toBeVisible();
  await expect(resident.getByLabel('Your comment')).toHaveValue(`Half-written ${stamp}`);
  expect(errors, errors.join('\n')).toEqual([]);
});
