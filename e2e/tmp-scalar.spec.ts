import { test } from '@playwright/test';
test('scalar debug', async ({ page }) => {
  test.setTimeout(120_000);
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 500)));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message.slice(0, 800)));
  page.on('response', (r) => console.log('RESPONSE', r.status(), r.url().slice(0, 200)));
  await page.goto('/api/reference');
  await page.waitForTimeout(30_000);
  console.log('TEXT', (await page.locator('body').innerText()).slice(0, 1500));
});
