import { expect, test } from '@playwright/test';
import { confirmAction, jsEnabled, open, person, propose, watchConsole } from './helpers';

// A vote from start to end, with JavaScript on (the ranker's buttons) and off (numbered
// selects): a facilitator puts two competing amendments to a vote, residents rank and cast
// with a review step and get a receipt, anyone checks a receipt, results stay hidden until
// the close, then winners, chart, heat map and ballot files are shown, and applying the
// result accepts the winner into the text.

const PROGRAM = `Programa de votació.

# Habitatge

Construir 500 habitatges públics cada any.

# Mobilitat

Més bus, més bici.
`;

test('put competing amendments to a vote, rank, cast, close, apply', async ({ browser, page }, info) => {
  test.setTimeout(150_000);
  const errors = watchConsole(page);
  const js = jsEnabled(info);
  const title = `Votació ${info.project.name} ${Date.now()}`;

  await open(page, info, '/login?next=/programs/new');
  await page.getByLabel('E-mail address').fill('coordinator@demo.redacta.test');
  await page.getByLabel('Password').fill('redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Title of the program').fill(title);
  await page.getByLabel('Markdown file').setInputFiles({ name: 'p.md', mimeType: 'text/markdown', buffer: Buffer.from(PROGRAM) });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  if (js) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Publish and open to amendments' }).click();
  await expect(page.locator('.now-phase', { hasText: /^Amendments are open/ })).toBeVisible();
  const sectionUrl = (await page.locator('.program-section :is(h2, h3, h4, h5, h6) a').first().getAttribute('href'))!;
  const programUrl = page.url().split('?')[0];

  const resident = await person(browser, info, 'resident@demo.redacta.test');
  const residentErrors = watchConsole(resident);
  const first = await propose(resident, info, sectionUrl, 'Vuit-cents', '500', '800');
  const rival = await propose(resident, info, sectionUrl, 'Mil', '500', '1000');

  // The coordinator moves the program on: deliberation, then voting.
  await open(page, info, programUrl);
  await expect(page.getByText('Phase: amendments.')).toBeVisible();
  await page.getByRole('button', { name: 'Start the deliberation phase now' }).click();
  await confirmAction(page, info, 'Yes, start it now');
  await expect(page.getByText('Phase: deliberation.')).toBeVisible();
  if (js) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Start the voting phase now' }).click();
  await confirmAction(page, info, 'Yes, start it now');
  await expect(page.getByText('Phase: voting.')).toBeVisible();

  // The facilitator puts the competing pair to a vote from the section page.
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  const facilitatorErrors = watchConsole(facilitator);
  await open(facilitator, info, sectionUrl);
  await facilitator.getByRole('link', { name: 'Put these to a vote' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'New vote' })).toBeVisible();
  if (js) await facilitator.waitForSelector('body[data-hydrated="true"]');
  await expect(facilitator.getByRole('listitem').filter({ hasText: 'Keep the current text' })).toBeVisible();
  const voteTitle = `Quants habitatges? ${info.project.name}`;
  await facilitator.getByLabel('Title', { exact: true }).fill(voteTitle);
  await facilitator.getByLabel('Tie rule').selectOption('none');
  // Three voters here: results are published from this many ballots (5 unless set).
  await expect(facilitator.getByLabel('Minimum number of voters')).toHaveValue('5');
  await facilitator.getByLabel('Minimum number of voters').fill('3');
  await facilitator.getByRole('button', { name: 'Open the vote' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: voteTitle })).toBeVisible();
  const voteUrl = facilitator.url().split('?')[0].split('#')[0];
  await open(resident, info, first);
  await expect(resident.locator('.status')).toHaveText('In a vote');

  // Results are hidden while the vote is open.
  const anonymous = await (await browser.newContext({ javaScriptEnabled: js })).newPage();
  await open(anonymous, info, `${voteUrl}/results`);
  await expect(anonymous.getByText('This vote is still open')).toBeVisible();

  // All three rank "Vuit-cents" first and "Mil" second, leaving "keep the current text" out.
  const receipts: string[] = [];
  for (const voter of [resident, facilitator, page]) {
    await open(voter, info, voteUrl);
    if (js) {
      await voter.getByRole('button', { name: 'Add Mil to my ranking' }).click();
      await voter.getByRole('button', { name: 'Add Vuit-cents to my ranking' }).click();
      await voter.getByRole('button', { name: 'Move Vuit-cents up' }).click();
      await expect(voter.locator('.ranked').first()).toContainText('Vuit-cents');
    } else {
      await voter.getByLabel('Vuit-cents').selectOption('1');
      await voter.getByLabel('Mil').selectOption('2');
    }
    await voter.getByRole('button', { name: 'Review my ballot' }).click();
    await expect(voter.getByRole('heading', { level: 1, name: 'Review your ballot' })).toBeVisible();
    await expect(voter.locator('ol.ranking li')).toHaveText(['Vuit-cents', 'Mil']);
    await expect(voter.getByText('Not ranked: Keep the current text')).toBeVisible();
    if (js) await voter.waitForSelector('body[data-hydrated="true"]');
    await voter.getByRole('button', { name: 'Cast my ballot' }).click();
    await expect(voter.getByRole('status').filter({ hasText: 'Your ballot was recorded' })).toBeVisible();
    const receipt = (await voter.locator('.my-ballot code.receipt').textContent())!.trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    receipts.push(receipt);
  }

  // While open the count is coarse and the log's head unpublished; anyone can find a
  // receipt in the ballot log and, while the voter may still change it, its ranking.
  await open(anonymous, info, voteUrl);
  await expect(anonymous.getByText('fewer than 10 ballots', { exact: false })).toBeVisible();
  await expect(anonymous.getByText('Results, ballot files and the list of voters are published only if at least 3 people vote.')).toBeVisible();
  await anonymous.getByLabel('Check a receipt').fill(receipts[0].toLowerCase());
  await anonymous.getByRole('button', { name: 'Check' }).click();
  await expect(anonymous.getByText('This receipt is in the ballot log.')).toBeVisible();
  await expect(anonymous.getByText('it will be counted')).toBeVisible();
  await expect(anonymous.locator('ol.ranking li')).toHaveText(['Vuit-cents', 'Mil']);

  // The facilitator closes the vote: results, chart, heat map, files.
  await open(facilitator, info, voteUrl);
  await facilitator.getByRole('button', { name: 'Close the vote now' }).click();
  await confirmAction(facilitator, info, 'Yes, close the vote');
  await expect(facilitator.getByRole('heading', { level: 1, name: `Results: ${voteTitle}` })).toBeVisible();
  await expect(facilitator.locator('.winner')).toHaveText('Winner: Vuit-cents');
  await expect(facilitator.getByText('3 ballots from')).toBeVisible();
  await expect(facilitator.locator('svg.chart')).toBeVisible();
  // Schulze: the chart shows first preferences and says so (not pairwise wins).
  await expect(facilitator.getByRole('heading', { level: 3, name: 'First preferences' })).toBeVisible();
  await expect(facilitator.getByText('This method does not choose by first preferences')).toBeVisible();
  await expect(facilitator.getByText('Votes per option')).toHaveCount(0);
  await expect(facilitator.locator('table.heatmap')).toBeVisible();
  // On a phone nothing widens the page (the re-count command made it 775 px).
  await facilitator.setViewportSize({ width: 390, height: 844 });
  await open(facilitator, info, facilitator.url());
  expect(await facilitator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await facilitator.setViewportSize({ width: 1280, height: 720 });
  await open(facilitator, info, facilitator.url());
  await expect(facilitator.locator('ul.files li')).toHaveCount(2);
  await expect(facilitator.locator('ul.files li').first()).toContainText('SHA-256');
  if (js) await facilitator.waitForSelector('body[data-hydrated="true"]');
  await expect(facilitator.getByText('Applying accepts "Vuit-cents"')).toBeVisible();
  await facilitator.getByRole('button', { name: 'Apply the result' }).click();
  await confirmAction(facilitator, info, 'Yes, apply it');
  await expect(facilitator.getByRole('status')).toContainText('The result was applied');

  await open(facilitator, info, sectionUrl);
  await expect(facilitator.locator('.section-text')).toContainText('Construir 800 habitatges');
  await open(facilitator, info, rival);
  await expect(facilitator.locator('.status')).toHaveText('Rejected');

  // After the close a receipt confirms inclusion only: no ranking to show a buyer.
  await open(anonymous, info, `${voteUrl}/receipt?code=${receipts[1]}`);
  await expect(anonymous.getByText('This receipt is in the ballot log.')).toBeVisible();
  await expect(anonymous.getByText('a receipt now confirms only that its ballot is in the log', { exact: false })).toBeVisible();
  await expect(anonymous.locator('ol.ranking')).toHaveCount(0);

  // The anonymous ballots can be downloaded once the vote is closed.
  const blt = await anonymous.request.get(`${voteUrl}/ballots/blt`);
  expect(blt.status()).toBe(200);
  expect(await blt.text()).toContain('"Amendment ');

  expect(errors).toEqual([]);
  expect(residentErrors).toEqual([]);
  expect(facilitatorErrors).toEqual([]);
});
