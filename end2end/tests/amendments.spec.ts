import { expect, test } from '@playwright/test';
import { confirmAction, jsEnabled, open, person, propose, watchConsole } from './helpers';

// The heart of Redacta, with JavaScript on (hydrated) and off (plain HTML forms): a
// coordinator imports a program, a resident amends it and sees the diff, a facilitator
// accepts, a competing amendment is rebased or conflicted, and its author resolves it.

const PROGRAM = `Programa de prova.

# Habitatge

Construir 500 habitatges públics cada any.

Cap desnonament sense alternativa.

# Mobilitat

Més bus, més bici.
`;

test('import, amend, accept, rebase, resolve a conflict', async ({ browser, page }, info) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const title = `Prova ${info.project.name} ${Date.now()}`;

  // A coordinator imports a program file and publishes it.
  await open(page, info, '/login?next=/programs/new');
  await page.getByLabel('E-mail address').fill('coordinator@demo.redacta.test');
  await page.getByLabel('Password').fill('redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'New program' })).toBeVisible();
  await page.getByLabel('Title of the program').fill(title);
  await page.getByLabel('Markdown file').setInputFiles({
    name: 'program.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Broken\n\ntext\n\n#   \n'),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert')).toHaveText('Line 5: a heading has no title.');
  await expect(page.getByLabel('Title of the program')).toHaveValue(title);
  await page.getByLabel('Markdown file').setInputFiles({
    name: 'program.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(PROGRAM),
  });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Not published')).toBeVisible();
  if (jsEnabled(info)) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Publish and open to amendments' }).click();
  await expect(page.locator('.now-phase', { hasText: /^Amendments are open/ })).toBeVisible();
  const programUrl = page.url().split('?')[0];
  const sectionHref = await page.locator('.program-section :is(h2, h3, h4, h5, h6) a').first().getAttribute('href');
  const sectionUrl = sectionHref!;

  // A resident writes three amendments: two to the same passage, one elsewhere.
  const resident = await person(browser, info, 'resident@demo.redacta.test');
  const residentErrors = watchConsole(resident);
  const first = await propose(resident, info, sectionUrl, 'Vuit-cents', '500', '800');
  const rival = await propose(resident, info, sectionUrl, 'Mil', '500', '1000');
  const separate = await propose(resident, info, sectionUrl, 'Mai', 'sense alternativa', 'mai, sense alternativa');
  await open(resident, info, sectionUrl);
  await expect(resident.getByText('These 2 amendments compete for this passage')).toBeVisible();

  // A facilitator accepts the first: the section moves to r2.
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  await open(facilitator, info, first);
  await facilitator.getByRole('button', { name: 'Accept into the text' }).click();
  await confirmAction(facilitator, info, 'Yes, accept it');
  // Exactly what happened to each other amendment, not "they were rebased".
  const done = facilitator.getByRole('status');
  await expect(done).toContainText('Accepted: its text is now version 2 of the section.');
  await expect(done).toContainText('1 other amendment was carried over to the new text');
  await expect(done).toContainText('1 other amendment now conflicts with the new text; its author has been told to resolve it');
  await expect(done.getByRole('link', { name: `#${rival.split('/').pop()}` })).toBeVisible();
  await open(facilitator, info, sectionUrl);
  await expect(facilitator.locator('.section-text')).toContainText('Construir 800 habitatges');
  await expect(facilitator.locator('.section-page > p.meta')).toContainText('Version 2');

  // The separate amendment was rebased onto r2; the rival is conflicted.
  await open(resident, info, separate);
  await expect(resident.getByText('carried over from version 1 to version 2 of the text')).toBeVisible();
  await open(resident, info, rival);
  await expect(resident.locator('.status')).toHaveText('Conflict to resolve');
  await resident.getByRole('link', { name: 'Resolve the conflict' }).click();
  await expect(resident.getByRole('heading', { level: 1 })).toContainText('Resolve');
  await expect(resident.locator('q.ours')).toHaveText('800');
  await expect(resident.locator('q.theirs')).toHaveText('1000');
  if (jsEnabled(info)) await resident.waitForSelector('body[data-hydrated="true"]');
  await resident.getByLabel('Write it anew:', { exact: true }).first().check();
  await resident.locator('textarea[name="customs[0]"]').fill('900');
  await resident.getByRole('button', { name: 'Save the resolution' }).click();
  await expect(resident.getByRole('status')).toContainText('Conflict resolved');
  await expect(resident.locator('.inline-diff del').first()).toContainText('800');
  await expect(resident.locator('.inline-diff ins').first()).toContainText('900');

  // Both can now be accepted one after the other.
  for (const url of [separate, rival]) {
    await open(facilitator, info, url);
    await facilitator.getByRole('button', { name: 'Accept into the text' }).click();
    await confirmAction(facilitator, info, 'Yes, accept it');
    await expect(facilitator.getByRole('status')).toContainText('Accepted');
  }
  await open(facilitator, info, sectionUrl);
  await expect(facilitator.locator('.section-text')).toContainText('Construir 900 habitatges');
  await expect(facilitator.locator('.section-text')).toContainText('mai, sense alternativa');

  // History and word-level comparison; provenance names the amendment.
  await facilitator.getByRole('link', { name: 'History' }).click();
  await expect(facilitator.locator('.history strong').first()).toHaveText('Version 4');
  await facilitator.getByLabel('From').selectOption('1');
  await facilitator.getByRole('button', { name: 'Compare' }).click();
  await expect(facilitator.getByRole('heading', { level: 1 })).toHaveText('Changes from version 1 to version 4');
  await expect(facilitator.locator('.inline-diff del').first()).toContainText('500');
  await expect(facilitator.locator('.inline-diff ins').first()).toContainText('900');
  await open(facilitator, info, sectionUrl);
  await facilitator.getByRole('link', { name: 'Who wrote what' }).click();
  await expect(facilitator.locator('.provenance li.amended').first()).toContainText('amendment “Mil” by Rita Veïna (version 4)');

  // The download is the current text.
  const md = await page.request.get(`${programUrl}/export/md`);
  expect(await md.text()).toContain('Construir 900 habitatges');

  if (jsEnabled(info)) {
    // Select a passage in the text and amend just that.
    await open(resident, info, sectionUrl);
    await resident.locator('.section-text p').filter({ hasText: 'Construir' }).evaluate((p) => {
      const node = p.firstChild!;
      const start = node.textContent!.indexOf('públics');
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + 'públics'.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await resident.getByRole('button', { name: 'Amend the selected passage' }).click();
    await expect(resident.locator('blockquote.passage')).toHaveText('públics');
    await resident.getByLabel('Short title').fill('Cooperatius');
    await resident.getByLabel('New wording of the passage').fill('públics i cooperatius');
    await expect(resident.locator('.preview ins')).toContainText('i cooperatius');
    await resident.getByRole('button', { name: 'Save draft and see the changes' }).click();
    await expect(resident.locator('.inline-diff ins').first()).toContainText('i cooperatius');
  }
  expect(errors, errors.join('\n')).toEqual([]);
  expect(residentErrors, residentErrors.join('\n')).toEqual([]);
});
