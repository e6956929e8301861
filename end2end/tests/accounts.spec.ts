import { expect, test } from '@playwright/test';
import { jsEnabled, linkFromMail, open, uniqueEmail, watchConsole } from './helpers';

// Runs in both projects: `js` (hydrated app) and `nojs` (plain HTML forms).

test('sign up, activate, log out, log in, wrong password', async ({ page, baseURL }, info) => {
  const errors = watchConsole(page);
  const email = uniqueEmail(info, 'flow');
  const password = 'a long enough passphrase';

  await open(page, info, '/signup');
  await page.getByLabel('Display name').fill('Marta Serra');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Check your inbox');

  const link = await linkFromMail(email, `${baseURL}/account/activate?token=`);
  await open(page, info, link);
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await expect(page.getByRole('status')).toContainText('Your account is active');
  await expect(page.getByRole('link', { name: 'Marta Serra' })).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Marta Serra' })).toHaveCount(0);

  await open(page, info, '/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong e-mail address or password.');

  // The typed address survives the failed attempt, with or without JavaScript.
  await expect(page.getByLabel('E-mail address')).toHaveValue(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('link', { name: 'Marta Serra' })).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/`);

  await open(page, info, '/profile');
  await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  expect(errors, errors.join('\n')).toEqual([]);
});

test('demo coordinator changes a role', async ({ page }, info) => {
  const email = uniqueEmail(info, 'promoted');
  // Create the account to promote through sign-up.
  await open(page, info, '/signup');
  await page.getByLabel('Display name').fill(`Promoted ${info.project.name}`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('New password').fill('another passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Check your inbox');

  await open(page, info, '/login?next=/admin/users');
  await page.getByLabel('E-mail address').fill('coordinator@demo.redacta.test');
  await page.getByLabel('Password').fill('redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'People and roles' })).toBeVisible();
  if (jsEnabled(info)) await page.waitForSelector('body[data-hydrated="true"]');

  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByLabel(`Role of Promoted ${info.project.name}`).selectOption('facilitator');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('The role has been changed.');
  await expect(page.getByRole('row').filter({ hasText: email }).getByRole('combobox')).toHaveValue('facilitator');

  // The change is in the audit log, found by kind of action and by person.
  await page.getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Action').selectOption('user.role_change');
  await page.getByLabel('Person').fill('coordinator@demo');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/kind=user.role_change/);
  await expect(page.locator('table.audit tbody tr').first()).toContainText('user.role_change');
});

test('language switch and 404 page', async ({ page }, info) => {
  await open(page, info, '/');
  await page.getByRole('link', { name: 'Català' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Escrivim junts el programa de la ciutat');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ca');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const res = await page.goto('/this/does/not/exist');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('read the demo program from the landing page', async ({ page }, info) => {
  await open(page, info, '/');
  await page.getByRole('link', { name: 'Programa municipal Barcelona 2027' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programa municipal Barcelona 2027');
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await expect(contents.getByRole('link')).toHaveCount(8);
  await contents.getByRole('link', { name: 'Superilles' }).click();
  await expect(page).toHaveURL(/#s-\d+$/);
  await expect(page.getByRole('heading', { name: 'Superilles' })).toBeInViewport();
  await expect(page.locator('strong', { hasText: '8,000' })).toBeVisible();
});
