import { expect, test } from '@playwright/test';
import { newSignedInUser } from './helpers';

// The console with Stripe configured for the browser (a second server of the same build,
// started by scripts/e2e-server.ts on E2E_PORT+1000, against a local stand-in of Stripe's API
// and Stripe.js on E2E_PORT+2000: there is no network here).
const stripeConsole = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1000}`;
const standIn = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 2000}`;

test.use({ baseURL: stripeConsole });

test('a Stripe payment is confirmed in the browser with the Payment Element, under the CSP', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const { accountUrl } = await newSignedInUser(page, 'Stella Stripe');
  const response = await page.goto(`${accountUrl}/billing`);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain(`script-src 'self' 'nonce-`);
  expect(csp).toContain(standIn);
  expect(csp).toContain('https://js.stripe.com');

  await page.getByRole('button', { name: 'Pay 100.00 CHF' }).click();
  await expect(page.getByTestId('form-success')).toContainText('started');
  const card = page.getByLabel('Card number');
  await expect(card).toBeVisible();

  // A declined card: Stripe.js says so, nothing is credited, another card can be tried.
  await card.fill('4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Confirm 100.00 CHF' }).click();
  await expect(page.getByTestId('stripe-error')).toContainText('declined');

  await card.fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Confirm 100.00 CHF' }).click();
  // The return page asks Stripe for the PaymentIntent and credits the account once.
  await expect(page).toHaveURL(/\/billing\/payments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Payment receipt' })).toBeVisible();
  await page.goto(`${accountUrl}/billing`);
  await expect(page.getByTestId('billing-balance')).toHaveText('100.00 CHF');
  expect(violations).toEqual([]);
});

test('without Stripe configured, the CSP allows no Stripe source', async ({ request }) => {
  const plain = await request.get(
    `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}/sign-in`,
  );
  expect(plain.headers()['content-security-policy']).not.toContain('stripe');
});
