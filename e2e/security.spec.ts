import { expect, test } from '@playwright/test';

test('the development mailbox answers only requests from this machine', async ({ request }) => {
  const local = await request.get('/dev/mailbox');
  expect(local.status()).toBe(200);
  // A reverse proxy on this machine forwarding a remote client: not local, so 404.
  const forwarded = await request.get('/dev/mailbox', {
    headers: { 'X-Forwarded-For': '203.0.113.9' },
  });
  expect(forwarded.status()).toBe(404);
  expect(await forwarded.text()).not.toContain('Development mailbox');
});
