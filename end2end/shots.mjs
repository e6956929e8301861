import { chromium } from '@playwright/test';
const base = process.env.BASE;
const pages = (process.env.PAGES || '/').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: process.env.NOJS ? false : true });
const page = await ctx.newPage();
if (process.env.LOGIN) {
  await page.goto(base + '/login');
  await page.getByLabel('E-mail address').fill(process.env.LOGIN);
  await page.getByLabel('Password').fill(process.env.PASSWORD || 'redacta-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('load');
}
for (const p of pages) {
  await page.goto(base + p);
  const name = p.replace(/[^a-z0-9]+/gi, '_') || 'home';
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log('=====', p);
  console.log((await page.locator('main').innerText()).slice(0, 3000));
}
await browser.close();
