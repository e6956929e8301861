import { expect, test } from '@playwright/test';
import { jsEnabled, newResident, open, person, propose } from './helpers';

// Synthesis by consent (issue 17), at phone width, with JavaScript on and off: a facilitator
// merges two amendments from the merge page; one author consents, the other keeps theirs;
// the merge is published and a supporter of the merged one confirms with one click.

test.use({ viewport: { width: 390, height: 844 } });

test('a merge from selection to publication, with consent and confirmation', async ({ browser, baseURL }, info) => {
  test.setTimeout(120_000);
  const run = info.project.name;
  // Superilles: a section no other test changes (a merge is proposed, never accepted here).
  const section = '/sections/7';
  const schools = await newResident(browser, info, baseURL!, 'Sara Escoles');
  const first = await propose(schools, info, section, `Escoles ${run}`, 'designed with its residents', `designed with its residents and schools ${run}`);
  const green = await newResident(browser, info, baseURL!, 'Gil Verd');
  // While writing nearly the same change, the open one is shown (as one types with
  // JavaScript; on the saved draft's page either way).
  await open(green, info, `${section}/amend`);
  await green.getByLabel('Short title').fill(`Quasi ${run}`);
  const field = green.getByLabel('Proposed text of the section');
  await field.fill((await field.inputValue()).replace('designed with its residents', `designed with its residents and its schools ${run}`));
  if (jsEnabled(info)) {
    await expect(green.locator('section.similar')).toContainText(`Escoles ${run}`);
  } else {
    await green.getByRole('button', { name: 'Save draft and see the changes' }).click();
    await expect(green.getByRole('heading', { name: 'Nearly the same change' })).toBeVisible();
    await expect(green.locator('section.similar')).toContainText(`Escoles ${run}`);
  }
  const second = await propose(green, info, section, `Verdes ${run}`, 'Extend the superblocks', `Extend the superblocks greener ${run}`);
  const supporter = await newResident(browser, info, baseURL!, 'Pau Suport');
  await open(supporter, info, first);
  await supporter.getByRole('button', { name: 'Support', exact: true }).click();
  await expect(supporter.getByRole('status')).toContainText('support');

  // The facilitator chooses the two on the merge page and drafts the merged text.
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  await facilitator.setViewportSize({ width: 390, height: 844 });
  await open(facilitator, info, section);
  await facilitator.getByRole('link', { name: 'Merge amendments of this section' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Merge amendments' })).toBeVisible();
  await facilitator.getByLabel(`Escoles ${run}`).check();
  await facilitator.getByLabel(`Verdes ${run}`).check();
  await facilitator.getByRole('button', { name: 'Draft the merge' }).click();
  await expect(facilitator.getByText('They change separate passages')).toBeVisible();
  const text = facilitator.getByLabel('The merged text of the section');
  await expect(text).toHaveValue(new RegExp(`superblocks greener ${run}`));
  await expect(text).toHaveValue(new RegExp(`residents and schools ${run}`));
  await facilitator.getByLabel('Short title').fill(`Superilles ${run}`);
  await facilitator.getByRole('button', { name: 'Propose the merge to the authors' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: `Superilles ${run}` })).toBeVisible();
  await expect(facilitator.getByRole('status')).toContainText('Merge proposed');
  await expect(facilitator.getByText('A proposed merge: it waits for the answers')).toBeVisible();
  const merged = facilitator.url().split('?')[0];

  // One author sees the difference from theirs and consents; the other keeps theirs.
  await open(schools, info, first);
  await schools.getByRole('link', { name: `Superilles ${run}` }).click();
  await expect(schools.getByRole('heading', { name: 'Your amendment, compared with the merged text' })).toBeVisible();
  await expect(schools.locator('.your-source ins').first()).toContainText('greener');
  await schools.getByRole('button', { name: 'I consent: close mine as merged into this one' }).click();
  await expect(schools.getByRole('status')).toContainText('Your answer is recorded');
  await expect(schools.locator('.merge-sources')).toContainText('its author consented');
  await open(green, info, merged);
  await green.getByRole('button', { name: 'Keep mine in the contest' }).click();
  await expect(green.getByRole('status')).toContainText('Your answer is recorded');

  // Published: the consenting author's amendment is closed as merged, the other stays open.
  await open(supporter, info, merged);
  await expect(supporter.locator('p.meta .status').first()).toHaveText('Open');
  await expect(supporter.getByRole('heading', { name: 'An amendment you supported was merged here' })).toBeVisible();
  await expect(supporter.getByText('1 supporter of the merged amendments has not confirmed')).toBeVisible();
  await supporter.getByRole('button', { name: 'Support the merged text' }).click();
  await expect(supporter.getByRole('status')).toContainText('support');
  await expect(supporter.getByText('has not confirmed')).toHaveCount(0);
  await open(supporter, info, first);
  await expect(supporter.locator('section.decision h2')).toHaveText('Merged into another amendment, with its author\'s consent');
  await open(supporter, info, second);
  await expect(supporter.locator('section.decision')).toHaveCount(0);
});
