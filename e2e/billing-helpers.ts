import { expect, type Page } from '@playwright/test';

/** The test processor's documented cards (README). */
export const CARDS = {
  success: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

/** Seeded by scripts/seed/billing.ts: suspended at 0, Chloé admin, Tess tech. */
export const BILLING_TEST_ORG = 'Billing Test Org';
export const BILLING_TEST_ORG_EMAIL = 'billing@billing-test.example';
export const TESS_EMAIL = 'tess@example.com';

export async function openBilling(page: Page) {
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Billing' })
    .click();
  await expect(page).toHaveURL(/\/billing$/);
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
}

/** Fills the payment form (amount as typed, card, a future expiry and a CVC) and pays. */
export async function pay(
  page: Page,
  amount: string,
  card: string,
  options: { expiry?: string; cvc?: string; doubleClick?: boolean } = {},
) {
  const form = page.getByTestId('payment-form');
  await form.getByLabel('Amount in CHF').fill(amount);
  await form.getByLabel('Card number').fill(card);
  await form.getByLabel('Expiry (MM/YY)').fill(options.expiry ?? '12/30');
  await form.getByLabel('CVC').fill(options.cvc ?? '123');
  const button = page.getByTestId('pay-button');
  if (options.doubleClick) await button.dblclick();
  else await button.click();
}

/** The newest email to `to` in the dev mailbox. */
export async function latestEmailTo(page: Page, to: string) {
  await page.goto('/dev/mailbox');
  const email = page.locator(`article[data-testid="email"][data-to="${to}"]`).first();
  await expect(email).toBeVisible();
  return email;
}
