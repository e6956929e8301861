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
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
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
