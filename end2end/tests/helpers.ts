import { Browser, expect, Page, TestInfo } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

export const outbox = process.env.REDACTA_E2E_OUTBOX ?? '';

export const jsEnabled = (info: TestInfo) => info.project.name === 'js';

/// A unique address per test and project, so runs never collide.
export function uniqueEmail(info: TestInfo, label: string): string {
  return `${label}-${info.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

/// Opens a page and, with JavaScript on, waits until the app has hydrated (clicks before
/// hydration would be lost).
export async function open(page: Page, info: TestInfo, url: string) {
  await page.goto(url);
  if (jsEnabled(info)) {
    await page.waitForSelector('body[data-hydrated="true"]');
  }
}

/// The first link starting with `prefix` in the newest e-mail to `to` in the outbox.
export async function linkFromMail(to: string, prefix: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).sort().reverse() : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(outbox, file), 'utf8');
      const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (text.includes(`To: ${to}`)) {
        const start = text.indexOf(prefix);
        expect(start, `link ${prefix} in mail to ${to}`).toBeGreaterThanOrEqual(0);
        return text.slice(start).split(/\s/)[0];
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${to} in ${outbox}`);
}

/// Collects console errors and CSP violations (the app must satisfy its own CSP). A refused
/// log-in answers 401, which the browser reports as a failed resource: that one is expected.
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    const expected4xx = /Failed to load resource: the server responded with a status of 4\d\d/.test(text);
    if (msg.type() === 'error' && !expected4xx) errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

/// A demo person logged in, in a browser context of their own.
export async function person(browser: Browser, info: TestInfo, email: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: jsEnabled(info) });
  const page = await context.newPage();
  await open(page, info, '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
  await expect((await header(page)).getByRole('button', { name: 'Log out' })).toBeVisible();
  await closeMenu(page);
  return page;
}

/// The words an edit from `from` to `to` adds.
export const added = (from: string, to: string) => to.replace(from, '').replace(/^[, ]+|[, ]+$/g, '');

/// Writes an amendment replacing `from` by `to` in the whole section, saves and publishes it.
export async function propose(page: Page, info: TestInfo, sectionUrl: string, title: string, from: string, to: string) {
  await open(page, info, sectionUrl);
  await page.getByRole('link', { name: 'Propose an amendment' }).click();
  if (jsEnabled(info)) await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel('Short title').fill(title);
  const text = page.getByLabel('Proposed text of the section');
  const current = await text.inputValue();
  await text.fill(current.replace(from, to));
  if (jsEnabled(info)) {
    // The diff updates as one types.
    await expect(page.locator('.preview ins')).toContainText(added(from, to));
  }
  await page.getByLabel('Justification').fill('Because **it matters**.');
  await page.getByRole('button', { name: 'Save draft and see the changes' }).click();
  // The author sees the word-level diff before publishing.
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('This is a draft')).toBeVisible();
  if (!to.includes(from)) await expect(page.locator('.inline-diff del').first()).toContainText(from);
  await expect(page.locator('.inline-diff ins').first()).toContainText(added(from, to));
  await expect(page.locator('.prose strong')).toHaveText('it matters');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status')).toContainText('Published');
  return page.url().split('?')[0];
}

/// Irreversible actions ask first: with JavaScript a dialog on the page, without it a
/// confirmation page. Either way, the button `yes` does it.
export async function confirmAction(page: Page, info: TestInfo, yes: string) {
  if (jsEnabled(info)) {
    const dialog = page.locator('dialog#confirm-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: yes }).click();
  } else {
    await expect(page).toHaveURL(/\/confirm\?/);
    await page.getByRole('button', { name: yes }).click();
  }
}

/// A new resident of their own (signed up and activated through the e-mailed link), logged
/// in, in a browser context of their own: tests that post a lot do not share the demo
/// people's posting limits.
export async function newResident(browser: Browser, info: TestInfo, baseURL: string, name: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: jsEnabled(info), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const email = uniqueEmail(info, name.toLowerCase().replace(/[^a-z]/g, ''));
  await open(page, info, '/signup');
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('New password').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Check your inbox');
  await open(page, info, await linkFromMail(email, `${baseURL}/account/activate?token=`));
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await expect(page.getByRole('button', { name: 'Activate my account' })).toHaveCount(0);
  await expect((await header(page)).getByRole('link', { name })).toBeVisible();
  await closeMenu(page);
  return page;
}

/// The header's links and buttons: on a phone they are in the menu, which this opens.
/// (Call it once the page it is for has loaded: a menu opened on the page being left is
/// closed on the next.)
export async function header(page: Page) {
  await page.waitForLoadState('load');
  const phone = (page.viewportSize()?.width ?? 1280) < 832;
  if (!phone) return page.locator('.nav-wide');
  const menu = page.locator('details.nav-menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  return menu;
}

/// Closes the phone menu if it is open.
export async function closeMenu(page: Page) {
  const phone = (page.viewportSize()?.width ?? 1280) < 832;
  const menu = page.locator('details.nav-menu');
  if (phone && (await menu.getAttribute('open')) !== null) await menu.locator('summary').click();
}
