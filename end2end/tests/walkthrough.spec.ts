import { expect, test } from '@playwright/test';
import { confirmAction, header, jsEnabled, linkFromMail, newResident, open, person, propose, uniqueEmail, watchConsole } from './helpers';

// What a walkthrough in a real browser found (issue 15), each at phone width, with
// JavaScript on and off: work that was lost or distorted must not be any more.

test.use({ viewport: { width: 390, height: 844 } });

test('a comment is posted once, the form is cleared, and one\'s own comment is not news', async ({ browser, baseURL }, info) => {
  const stamp = `${info.project.name}-${Date.now()}`;
  const resident = await newResident(browser, info, baseURL!, 'Rosa Comentarista');
  const errors = watchConsole(resident);
  await open(resident, info, '/sections/4?sort=newest');
  if (jsEnabled(info)) await expect(resident.locator('#comments[data-live="open"]')).toBeAttached();
  const body = `Once only ${stamp}`;
  await resident.getByLabel('Your comment').fill(body);
  // Two quick taps on Post: one comment.
  await resident.getByRole('button', { name: 'Post', exact: true }).dblclick();
  const mine = resident.locator('li.comment', { hasText: body });
  await expect(mine).toHaveCount(1);
  await expect(resident.getByLabel('Your comment')).toHaveValue('');
  if (jsEnabled(info)) {
    // The live thread hears of the comment after the page that shows it has loaded: it is
    // already here, so nothing is fetched again or announced.
    await resident.waitForTimeout(2500);
    await expect(resident.getByText('New comments have arrived and are shown.')).toHaveCount(0);
  }
  await open(resident, info, '/sections/4?sort=newest');
  await expect(resident.locator('li.comment', { hasText: body })).toHaveCount(1);

  // A reply, tapped twice as well.
  const reply = `Reply once ${stamp}`;
  await mine.locator('summary', { hasText: 'Reply' }).first().click();
  await mine.getByRole('textbox', { name: 'Reply' }).fill(reply);
  await mine.getByRole('button', { name: 'Post', exact: true }).dblclick();
  await expect(resident.locator('li.comment', { hasText: reply })).toHaveCount(1);
  await open(resident, info, '/sections/4?sort=newest');
  await expect(resident.locator('li.comment', { hasText: reply })).toHaveCount(1);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a newcomer is asked to log in before writing, and comes back to the editor', async ({ page, baseURL }, info) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await open(page, info, '/sections/4');
  await page.getByRole('link', { name: 'Propose an amendment' }).first().click();
  // No editor to fill in and lose: why, and the way there.
  await expect(page.getByText('To propose an amendment, log in or create an account first.')).toBeVisible();
  await expect(page.getByRole('textbox')).toHaveCount(0);
  const editor = new URL(page.url()).pathname;
  await page.locator('main').getByRole('link', { name: 'Sign up' }).click();
  const email = uniqueEmail(info, 'newcomer');
  await page.getByLabel('Display name').fill('Nou Veí');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('New password').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Check your inbox');
  const link = await linkFromMail(email, `${baseURL}/account/activate?token=`);
  await open(page, info, link);
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await expect(page.getByRole('button', { name: 'Activate my account' })).toHaveCount(0);
  // Back where they were going, logged in, with the editor.
  await expect(page.getByLabel('Short title')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(editor);
  await expect((await header(page)).getByRole('link', { name: 'Nou Veí' })).toBeVisible();

  // The header's "Log in" comes back to the page it was pressed on, too.
  await (await header(page)).getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await open(page, info, '/sections/4');
  await (await header(page)).getByRole('link', { name: 'Log in', exact: true }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
  await expect((await header(page)).getByRole('link', { name: 'Nou Veí' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/sections/4');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a draft refused for a missing title comes back whole, and not through the address', async ({ browser }, info) => {
  const resident = await person(browser, info, 'resident@demo.redacta.test');
  const errors = watchConsole(resident);
  await open(resident, info, '/sections/4/amend');
  const text = resident.getByLabel('Proposed text of the section');
  const long = `${await text.inputValue()}\n\n${'A long new paragraph. '.repeat(300)}`;
  await text.fill(long);
  await resident.getByLabel('Justification').fill('Why it matters.');
  // No title: the browser's own check is off (novalidate), the server refuses.
  await resident.getByRole('button', { name: 'Save draft' }).click();
  await expect(resident.getByRole('alert')).toBeVisible();
  expect(resident.url()).not.toContain('paragraph');
  expect(resident.url().length).toBeLessThan(600);
  await expect(resident.getByLabel('Proposed text of the section')).toHaveValue(long);
  await expect(resident.getByLabel('Justification')).toHaveValue('Why it matters.');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a ballot chosen before the page became interactive is kept', async ({ browser }, info) => {
  test.skip(!jsEnabled(info), 'without JavaScript the selects are the ballot (tested in votes.spec)');
  const voter = await person(browser, info, 'facilitator@demo.redacta.test');
  await open(voter, info, '/votes');
  await voter.getByRole('link', { name: 'Priorities for the first year' }).click();
  const url = voter.url();
  // The app's code arrives only when the voter has chosen.
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await voter.route('**/pkg/*.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  await voter.goto(url);
  await voter.getByLabel('A bus in every neighbourhood').selectOption('1');
  await voter.getByLabel('8,000 public homes').selectOption('2');
  release();
  await voter.waitForSelector('body[data-hydrated="true"]');
  const ranking = voter.locator('ol.ranker > li');
  await expect(ranking.first()).toContainText('A bus in every neighbourhood');
  await expect(ranking.nth(1)).toContainText('8,000 public homes');
  await expect(voter.getByText('Nothing ranked yet')).toHaveCount(0);
});

test('deleting a comment asks first, and going back keeps it', async ({ browser, baseURL }, info) => {
  const stamp = `${info.project.name}-${Date.now()}`;
  const resident = await newResident(browser, info, baseURL!, 'Pau Esborra');
  const errors = watchConsole(resident);
  await open(resident, info, '/sections/4?sort=newest');
  const body = `To delete ${stamp}`;
  await resident.getByLabel('Your comment').fill(body);
  await resident.getByRole('button', { name: 'Post', exact: true }).click();
  const mine = resident.locator('li.comment', { hasText: body });
  await expect(mine).toBeVisible();
  if (jsEnabled(info)) await resident.waitForSelector('body[data-hydrated="true"]');
  // One tap does nothing irreversible: the question, what it does, and the way back.
  await mine.getByRole('button', { name: 'Delete' }).click();
  await expect(resident.getByText('Delete your comment?')).toBeVisible();
  await expect(resident.getByText('This cannot be undone.')).toBeVisible();
  if (jsEnabled(info)) {
    await resident.locator('dialog#confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(resident.locator('dialog#confirm-dialog')).toBeHidden();
  } else {
    await resident.getByRole('link', { name: 'No, go back' }).click();
  }
  await expect(resident.locator('li.comment', { hasText: body })).toBeVisible();
  // Asked again and confirmed: gone.
  await resident.locator('li.comment', { hasText: body }).getByRole('button', { name: 'Delete' }).click();
  await confirmAction(resident, info, 'Yes, delete it');
  await expect(resident.locator('li.comment', { hasText: body })).toHaveCount(0);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the phone header is one row, its menu opens by keyboard, and focus shows on green', async ({ page }, info) => {
  await open(page, info, '/sections/4');
  const bar = page.locator('header.site-header');
  const box = (await bar.boundingBox())!;
  // One row: the name and the menu button, about 3 rem high (it took 3 to 5 rows).
  expect(box.height).toBeLessThan(64);
  await expect(page.locator('.nav-wide')).toBeHidden();
  const summary = page.locator('details.nav-menu > summary');
  await summary.focus();
  // The focus ring is white on the green header (3:1 needed; the amber one was 1.6:1).
  const outline = await summary.evaluate((el) => getComputedStyle(el).outlineColor);
  expect(outline).toBe('rgb(255, 255, 255)');
  await page.keyboard.press('Enter');
  const menu = page.locator('details.nav-menu .nav-panel');
  await expect(menu.getByRole('link', { name: 'Votes' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Log in', exact: true })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Català' })).toBeVisible();
});

test('no page is wider than a phone', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const pages: [string | null, string[]][] = [
    [null, ['/', '/login', '/signup', '/search?q=habitatge', '/programs/programa-municipal-barcelona-2027', '/sections/3', '/sections/3/history',
      '/sections/3/provenance', '/sections/4/amend', '/amendments/1', '/votes', '/votes/1', '/assemblies', '/assemblies/gracia', '/meetings/1',
      '/meetings/2/pack']],
    ['facilitator', ['/meetings/1', '/meetings/2/edit', '/amendments/1', '/sections/4/amend', '/votes/1', '/moderation']],
    ['coordinator', ['/dashboard', '/admin/users', '/admin/audit', '/programs/programa-municipal-barcelona-2027']],
  ];
  for (const [who, paths] of pages) {
    const p = who ? await person(browser, info, `${who}@demo.redacta.test`) : await (await browser.newContext({ javaScriptEnabled: jsEnabled(info) })).newPage();
    await p.setViewportSize({ width: 390, height: 844 });
    for (const path of paths) {
      await open(p, info, path);
      const wide = await p.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out: string[] = [];
        if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth}px`);
        for (const el of Array.from(document.querySelectorAll('main *'))) {
          const r = (el as HTMLElement).getBoundingClientRect();
          // Inside a scrolling box (a wide table) is fine: the box itself must fit.
          const scroller = (el as HTMLElement).parentElement?.closest('.table-scroll, pre');
          if (r.right > width + 1 && !scroller && r.width > 0) out.push(`${el.tagName.toLowerCase()}.${(el as HTMLElement).className} ${Math.round(r.right)}px`);
        }
        return out.slice(0, 5);
      });
      expect(wide, `${who ?? 'anonymous'} ${path}`).toEqual([]);
    }
  }
});

test('after ↑ or ↓ in the ranker, focus follows the option that moved', async ({ browser }, info) => {
  test.skip(!jsEnabled(info), 'the ranker is the JavaScript ballot');
  const voter = await person(browser, info, 'coordinator@demo.redacta.test');
  await open(voter, info, '/votes');
  await voter.getByRole('link', { name: 'Priorities for the first year' }).click();
  await voter.waitForSelector('body[data-hydrated="true"]');
  for (const option of ['8,000 public homes', 'A bus in every neighbourhood']) {
    const add = voter.getByRole('button', { name: `Add ${option} to my ranking` });
    if (await add.count()) await add.click();
  }
  const first = voter.locator('ol.ranker > li').first();
  const moving = (await first.locator('.ranked-label').textContent())!;
  await first.getByRole('button', { name: `Move ${moving} down` }).focus();
  await voter.keyboard.press('Enter');
  await expect(voter.locator('ol.ranker > li').nth(1)).toContainText(moving);
  // Focus is on the moved option's own button, now in second place, not on its old place.
  await expect.poll(() => voter.evaluate(() => document.activeElement?.closest('li')?.querySelector('.ranked-label')?.textContent)).toBe(moving);
});

test('a facilitator has a page of what waits for them', async ({ browser }, info) => {
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  await facilitator.setViewportSize({ width: 390, height: 844 });
  await open(facilitator, info, '/');
  await (await header(facilitator)).getByRole('link', { name: 'Waiting for you' }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Waiting for you' })).toBeVisible();
  await expect(facilitator.getByRole('heading', { level: 2, name: /Amendments to decide \(\d+\)/ })).toBeVisible();
  await expect(facilitator.getByRole('heading', { level: 2, name: /Vote results to apply \(\d+\)/ })).toBeVisible();
  await expect(facilitator.getByRole('heading', { level: 2, name: /Meetings to record \(\d+\)/ })).toBeVisible();
  // The demo's amendments wait, oldest first, each linked.
  await expect(facilitator.locator('.queue .amendment-list li a').first()).toBeVisible();
  expect(await facilitator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('residents read formatting, never Markdown\'s marks, and select words across it', async ({ browser, baseURL }, info) => {
  const resident = await newResident(browser, info, baseURL!, 'Marta Negreta');
  const errors = watchConsole(resident);
  // The section, its competing passages and who wrote what: bold shows as bold.
  for (const url of ['/sections/3', '/sections/3/provenance', '/amendments/1']) {
    await open(resident, info, url);
    const text = await resident.locator('main').innerText();
    expect(text, url).toContain('8,000');
    // (Hints that teach the marks, like "**bold**", are the only marks left.)
    expect(text, url).not.toMatch(/\*\*[\d.,]+\*\*/);
  }
  await open(resident, info, '/sections/3');
  await expect(resident.locator('blockquote.passage strong').first()).toHaveText(/^\d+,000$/);
  if (jsEnabled(info)) {
    // Select "8,000 public homes": from inside the bold words to the plain ones after them.
    await resident.locator('.section-text p').filter({ hasText: 'public homes in four years' }).evaluate((p) => {
      const strong = p.querySelector('strong')!;
      const after = strong.nextSibling!;
      const range = document.createRange();
      range.setStart(strong.firstChild!, 0);
      range.setEnd(after, ' public homes'.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
    await resident.getByRole('button', { name: 'Amend the selected passage' }).click();
    await expect(resident.locator('blockquote.passage')).toHaveText('8,000 public homes');
    await expect(resident.locator('blockquote.passage strong')).toHaveText('8,000');
    const field = resident.getByLabel('New wording of the passage');
    await expect(field).toHaveValue('**8,000** public homes');
    // The formatting buttons: select "public" and make it bold; the preview shows it bold.
    await field.evaluate((el: HTMLTextAreaElement) => {
      const at = el.value.indexOf('public');
      el.focus();
      el.setSelectionRange(at, at + 'public'.length);
    });
    await resident.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold' }).click();
    await expect(field).toHaveValue('**8,000** **public** homes');
    await expect(resident.locator('.preview strong', { hasText: 'public' })).toHaveText('public');
    await expect(resident.locator('.preview')).not.toContainText('**');
  } else {
    // Without JavaScript the editor says how to write the same formatting.
    await open(resident, info, '/sections/3/amend');
    await expect(resident.getByText('Formatting: **bold**')).toBeVisible();
  }
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the first screen says what is open now and the one thing to do', async ({ page }, info) => {
  const errors = watchConsole(page);
  await open(page, info, '/');
  // The demo's priorities program is in its voting phase with a vote open: the card names
  // the vote, until when, and offers to vote; it does not say "amendments closed".
  const priorities = page.locator('li.card', { hasText: 'Prioritats del primer any' });
  await expect(priorities.locator('.now-votes li', { hasText: 'Priorities for the first year' })).toContainText(/Vote open until .*: Priorities for the first year/);
  await expect(priorities.getByRole('link', { name: /^Vote: / }).first()).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Amendments closed');
  // The main program takes amendments: until when, and the way in.
  const main = page.locator('li.card', { hasText: 'Programa municipal Barcelona 2027' });
  await expect(main.locator('.now-phase')).toContainText(/Amendments are open until/);
  await main.getByRole('link', { name: 'Read it and propose changes' }).click();
  // The program page: the same first, then each section's title is its link, with its
  // counts only where there is something to count; no long link repeated per section.
  await expect(page.locator('.now-phase')).toContainText(/Amendments are open until/);
  await expect(page.getByRole('link', { name: /Amendments, discussion and history/ })).toHaveCount(0);
  await expect(page.locator('.program-section h4 a', { hasText: 'Mesura 1' })).toHaveAttribute('href', '/sections/3');
  await expect(page.locator('.program-section', { has: page.locator('h4', { hasText: 'Mesura 1' }) }).locator('.section-links'))
    .toHaveText(/^\d+ open amendments? · \d+ comments?$/);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('date and time fields follow the page\'s language and the platform\'s time zone', async ({ browser }, info) => {
  const coordinator = await person(browser, info, 'coordinator@demo.redacta.test');
  const errors = watchConsole(coordinator);
  await open(coordinator, info, '/lang/ca?next=/programs/programa-municipal-barcelona-2027');
  await open(coordinator, info, '/programs/programa-municipal-barcelona-2027');
  // Day first in Catalan, in Barcelona's time, and said so; no US-format browser widget.
  const field = coordinator.locator('#schedule-deliberation');
  await expect(field).toHaveAttribute('type', 'text');
  await expect(field).toHaveValue(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  await expect(coordinator.locator('#schedule-times-hint')).toContainText('Europe/Madrid');
  // The phase's end reads in the same zone, with its abbreviation.
  await expect(coordinator.locator('.now-phase')).toContainText(/\d{2}:\d{2} CES?T/);
  await open(coordinator, info, '/lang/en?next=/programs/programa-municipal-barcelona-2027');
  await open(coordinator, info, '/programs/programa-municipal-barcelona-2027');
  await expect(coordinator.locator('#schedule-deliberation')).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the audit log reads as sentences with links and local times; people can be searched', async ({ browser }, info) => {
  const coordinator = await person(browser, info, 'coordinator@demo.redacta.test');
  const errors = watchConsole(coordinator);
  await open(coordinator, info, '/admin/audit?kind=amendment');
  const first = coordinator.locator('table.audit tbody tr').first();
  await expect(first.locator('.event')).toHaveText(/^[A-Z].*\bthe amendment “.+”.*\.$/i);
  await expect(first.locator('.event a')).toHaveAttribute('href', /^\/amendments\/\d+$/);
  // Day first, the year only when it is not this year's.
  await expect(first.locator('td').first()).toHaveText(/^\d{2}\/\d{2}(\/\d{4})? \d{2}:\d{2} CES?T$/);
  // No raw JSON in the sentence; details, when there are any, are folded under it.
  await expect(first.locator('.event')).not.toContainText('{');
  // People and roles: found by name, a page at a time.
  await open(coordinator, info, '/admin/users');
  await coordinator.getByLabel('Name or e-mail').fill('Ferran');
  await coordinator.getByRole('button', { name: 'Filter' }).click();
  await expect(coordinator.getByText('1 person', { exact: true })).toBeVisible();
  await expect(coordinator.locator('table tbody tr')).toHaveCount(1);
  await expect(coordinator.locator('table tbody tr')).toContainText('Ferran Facilitador');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a decision is public, with who decided and why', async ({ browser, baseURL }, info) => {
  test.setTimeout(90_000);
  const resident = await newResident(browser, info, baseURL!, 'Pau Proposa');
  const amendment = await propose(resident, info, '/sections/4', `Mediació ${info.project.name}`, '500', '700');
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  const errors = watchConsole(facilitator);
  await open(facilitator, info, amendment);
  // The reason is required: the form says so and the browser will not send it empty.
  const reason = facilitator.locator('.reject-form').getByLabel('Reason');
  await expect(reason).toHaveAttribute('required', '');
  await reason.fill('The mediation office already covers every neighbourhood.');
  await facilitator.getByLabel('Decision', { exact: true }).selectOption({ label: 'Already in the current text' });
  await facilitator.getByRole('button', { name: 'Reject', exact: true }).click();
  await confirmAction(facilitator, info, 'Yes, reject it');
  // Everyone reads the decision on the page and in its history.
  await open(resident, info, amendment);
  const decision = resident.locator('section.decision');
  await expect(decision.getByRole('heading', { level: 2 })).toHaveText('Not needed: the current text already says this');
  await expect(decision).toContainText('decided by Ferran Facilitador (Facilitator)');
  await expect(decision).toContainText('Why: The mediation office already covers every neighbourhood.');
  await expect(decision.locator('.meta')).toContainText(/\d{2}:\d{2} CES?T/);
  await expect(resident.locator('ol.versions li.decided')).toContainText('decision: not needed, already proposed');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('a meeting goes into one\'s own calendar, an assembly\'s meetings as a feed', async ({ page }, info) => {
  await open(page, info, '/assemblies');
  await page.locator('main a[href^="/assemblies/"]').first().click();
  const feed = page.getByRole('link', { name: 'Calendar of its meetings' });
  const feedUrl = (await feed.getAttribute('href'))!;
  expect(feedUrl).toMatch(/^\/assemblies\/[^/]+\/meetings\.ics$/);
  const calendar = await page.request.get(feedUrl);
  expect(calendar.headers()['content-type']).toContain('text/calendar');
  expect(await calendar.text()).toContain('X-WR-TIMEZONE:Europe/Madrid');
  const meeting = page.locator('main a[href^="/meetings/"]').first();
  await meeting.click();
  const add = page.getByRole('link', { name: 'Add to calendar' });
  const ics = await page.request.get((await add.getAttribute('href'))!);
  expect(ics.status()).toBe(200);
  const text = await ics.text();
  expect(text.match(/BEGIN:VEVENT/g)?.length).toBe(1);
  expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
});

test('a supporter hears that an amendment changed, sees what changed, and supports it again', async ({ browser, baseURL }, info) => {
  test.setTimeout(120_000);
  const author = await newResident(browser, info, baseURL!, 'Aina Autora');
  const title = `Lloguer assequible ${info.project.name}`;
  const amendment = await propose(author, info, '/sections/4', title, '500', '600');
  const supporter = await newResident(browser, info, baseURL!, 'Sergi Suport');
  const errors = watchConsole(supporter);
  await open(supporter, info, amendment);
  await supporter.getByRole('button', { name: 'Support', exact: true }).click();
  await expect(supporter.getByRole('status')).toContainText('your support is counted');
  await expect(supporter.locator('.meta .supports')).toHaveText('1 support of this version');

  // The author changes the wording.
  await open(author, info, amendment);
  await author.getByRole('link', { name: 'Edit', exact: true }).click();
  if (jsEnabled(info)) await author.waitForSelector('body[data-hydrated="true"]');
  const text = author.getByLabel('Proposed text of the section');
  await text.fill((await text.inputValue()).replace('600', '650'));
  await author.getByRole('button', { name: 'Save draft and see the changes' }).click();
  await expect(author.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // The supporter is told, and the notice leads to what changed since they supported it.
  await open(supporter, info, '/notifications');
  await supporter.getByRole('link', { name: 'The author changed an amendment you support: see what changed and support it again' }).first().click();
  const changed = supporter.locator('section.changed');
  await expect(changed.getByRole('heading', { level: 2 })).toHaveText('Changed since you supported it');
  await expect(changed.locator('ins').first()).toContainText('650');
  await expect(supporter.locator('.meta .supports')).toHaveText('0 supports of this version');
  await expect(supporter.locator('.meta .supports-earlier')).toHaveText('(1 more for an earlier version, not re-confirmed)');
  // One click counts the support for the current wording.
  await changed.getByRole('button', { name: 'Support this version' }).click();
  await expect(supporter.locator('.meta .supports')).toHaveText('1 support of this version');
  await expect(supporter.locator('section.changed')).toHaveCount(0);
  await expect(supporter.locator('.meta .supports-earlier')).toHaveCount(0);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('each kind of notice can come in the app, in the digest or at once, chosen on the profile', async ({ browser, baseURL }, info) => {
  const resident = await newResident(browser, info, baseURL!, 'Nil Notícies');
  await open(resident, info, '/profile');
  await expect(resident.getByRole('heading', { level: 2, name: 'Notices: what reaches you, and how' })).toBeVisible();
  const replies = resident.getByLabel('Replies to my comments');
  await expect(replies).toHaveValue('digest');
  await replies.selectOption({ label: 'By e-mail at once' });
  await resident.getByRole('button', { name: 'Save these choices' }).click();
  await expect(resident.getByRole('status')).toContainText('Your choices are saved.');
  await open(resident, info, '/profile');
  await expect(resident.getByLabel('Replies to my comments')).toHaveValue('email');
  await resident.getByRole('button', { name: 'No e-mail at all' }).click();
  await expect(resident.getByRole('status')).toContainText('Your choices are saved.');
  await open(resident, info, '/profile');
  await expect(resident.getByLabel('Replies to my comments')).toHaveValue('app');
  await expect(resident.getByLabel('My amendments: a conflict I must resolve')).toHaveValue('app');
});

test('a facilitator accepts in a final wording, and everyone sees it against the author\'s', async ({ browser, baseURL }, info) => {
  test.setTimeout(90_000);
  const resident = await newResident(browser, info, baseURL!, 'Rita Redacta');
  // (A section no other test changes; its words stay for the other project's run.)
  const mark = `${info.project.name}-line`;
  const amendment = await propose(resident, info, '/sections/8', `Bus de nit ${info.project.name}`, 'A neighbourhood bus', `A neighbourhood bus ${mark}`);
  const facilitator = await person(browser, info, 'facilitator@demo.redacta.test');
  await open(facilitator, info, amendment);
  await facilitator.getByText('Accept with changes…').click();
  const wording = facilitator.getByLabel('Final wording of the section');
  await wording.fill((await wording.inputValue()).replace(mark, `${mark} also at night`));
  await facilitator.locator('details.accept-changed').getByLabel('Reason').fill('Night service was asked for in three assemblies.');
  await facilitator.getByRole('button', { name: 'Accept in this wording' }).click();
  await confirmAction(facilitator, info, 'Yes, accept in my wording');
  await open(resident, info, amendment);
  const decision = resident.locator('section.decision');
  await expect(decision.getByRole('heading', { level: 2 })).toHaveText('Accepted with changes');
  await expect(decision).toContainText('Why: Night service was asked for in three assemblies.');
  await expect(decision.locator('ins').first()).toContainText('also at night');
});
