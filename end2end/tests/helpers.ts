import { expect, Page, TestInfo } from '@playwright/test';
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
