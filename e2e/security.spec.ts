import { expect, test } from '@playwright/test';
import { newSignedInUser } from './helpers';

test('the development mailbox answers only requests from this machine', async ({ request }) => {
  const local = await request.get('/dev/mailbox');
  expect(local.status()).toBe(200);
  // A reverse proxy on this machine forwarding a remote client: not local, so 404.
  const forwarded = await request.get('/dev/mailbox', {
    headers: { 'X-Forwarded-For': '203.0.113.9' },
  });
  expect(forwarded.status()).toBe(404);
  const body = await forwarded.text();
  expect(body).toContain('Page not found');
  expect(body).not.toContain('data-testid="email"');
  expect(body).not.toContain('/verify-email');
});

test('the audit export answers 429 with Retry-After past its limit', async ({ page }) => {
  const { accountUrl } = await newSignedInUser(page, 'Ezra Export');
  for (let i = 0; i < 10; i++) {
    const response = await page.request.get(`${accountUrl}/audit/export`);
    expect(response.status()).toBe(200);
  }
  const refused = await page.request.get(`${accountUrl}/audit/export`);
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect(await refused.text()).toMatch(/Too many audit exports\. Try again in \d+ minutes?\./);
});
