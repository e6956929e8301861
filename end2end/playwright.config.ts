import { defineConfig } from '@playwright/test';

// The server is started by .ci/test (a fresh database and outbox each run) and its
// address passed in REDACTA_E2E_BASE. Browsers cannot be downloaded here: Debian's
// Chromium is used, with the flags that keep it off the closed network.
const baseURL = process.env.REDACTA_E2E_BASE ?? 'http://127.0.0.1:3000';

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, launchOptions: chromium, trace: 'off' },
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'nojs', use: { javaScriptEnabled: false } },
  ],
});
