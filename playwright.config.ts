import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
// Debian's old headless shell (package chromium-headless-shell) when it is installed, else its
// full Chromium: the shell draws no browser UI and used a third less CPU over the same tests,
// and the suite is bound by CPU on two cores.
const chromium =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((file) => fs.existsSync(file));
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  // Checks the invariants of the product on the suite's database (test/invariants.ts).
  globalTeardown: './e2e/global-teardown.ts',
  fullyParallel: true,
  // Tests wait on pages, timers and the database more than they compute: 3 on 2 cores.
  workers: 3,
  retries: 0,
  // Generous limits: CI may run beside other work on 2 cores, where a page (or axe on it)
  // takes ten times as long as on an idle machine; a test that passes is not slower for it.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: '.ci-reports/playwright.json' }]]
    : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // A production build on its own fresh database (see scripts/e2e-server.ts).
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: 'npx tsx scripts/e2e-server.ts',
        url: `${baseURL}/sign-in`,
        timeout: 600_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
