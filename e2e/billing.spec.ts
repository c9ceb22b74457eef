import { expect, test } from '@playwright/test';
import {
  createOrganization,
  DEMO_PASSWORD,
  newSignedInUser,
  signIn,
  switchAccount,
} from './helpers';
import {
  BILLING_TEST_ORG,
  BILLING_TEST_ORG_EMAIL,
  CARDS,
  latestEmailTo,
  openBilling,
  pay,
  TESS_EMAIL,
} from './billing-helpers';

// Funds, payments and suspension, in a real browser against a production build.

test('an Admin pays for a suspended organization: ACTIVE at once, chart, receipt page and email; a declined card changes nothing', async ({
  page,
}) => {
  await signIn(page, 'chloe@example.com', DEMO_PASSWORD);
  await switchAccount(page, BILLING_TEST_ORG);
  const orgUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId('status-banner')).toContainText(`${BILLING_TEST_ORG} is SUSPENDED`);

  await openBilling(page);
  await expect(page.getByTestId('billing-balance')).toHaveText('0.00 CHF');
  await expect(page.getByTestId('account-status').first()).toHaveText('Suspended');
  await expect(page.getByTestId('balance-chart')).toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('no-payments')).toBeVisible();
  await expect(page.getByText('Funds cannot be moved between accounts.')).toBeVisible();

  // Quick pick 250, then the success card.
  await page.getByRole('button', { name: '250', exact: true }).click();
  await expect(page.getByTestId('pay-button')).toHaveText('Pay 250.00 CHF');
  await page.getByLabel('Card number').fill(CARDS.success);
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('CVC').fill('123');
  await page.getByTestId('pay-button').click();
  const success = page.getByTestId('form-success');
  await expect(success).toContainText('Payment received: 250.00 CHF');
  await expect(success).toContainText(`${BILLING_TEST_ORG} is now ACTIVE`);

  // The banner is gone at once; balance, status, chart, payments and ledger are updated.
  await expect(page.getByTestId('status-banner')).toHaveCount(0);
  await expect(page.getByTestId('billing-balance')).toHaveText('250.00 CHF');
  await expect(page.getByTestId('account-status').first()).toHaveText('Active');
  await expect(page.getByTestId('balance-chart')).toHaveAttribute('data-balance', '2500000');
  await expect(page.getByTestId('balance-chart')).toHaveAttribute('data-points', '1');
  await expect(page.getByTestId('payment-row')).toHaveCount(1);
  await expect(page.getByTestId('payment-row').first()).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('ledger-row')).toHaveCount(1);
  await expect(page.getByTestId('account-menu-label')).toHaveText(BILLING_TEST_ORG);
  const reference = await page.getByTestId('payment-row').first().getAttribute('data-reference');
  expect(reference).toMatch(/^PAY-[0-9A-Z]{10}$/);

  // The receipt page, from the success message.
  await success.getByRole('link', { name: 'View receipt' }).click();
  await expect(page).toHaveURL(new RegExp(`${orgUrl}/billing/payments/[0-9a-f-]{36}$`));
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText('Payment receipt');
  await expect(page.getByTestId('receipt-reference')).toHaveText(reference!);
  await expect(page.getByTestId('receipt-amount')).toHaveText('250.00 CHF');
  await expect(receipt).toContainText('Alpenglow Cloud AG');
  await expect(page.getByTestId('receipt-buyer')).toContainText('Billing Test Org AG');
  await expect(receipt).toContainText('Visa ending in 4242');
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  // Printing shows the receipt only, without the console's navigation.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Console' })).toBeHidden();
  await expect(receipt).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The receipt email went to the organization's billing email.
  const email = await latestEmailTo(page, BILLING_TEST_ORG_EMAIL);
  await expect(email).toContainText(reference!);
  await expect(email).toContainText('250.00 CHF');
  await expect(email).toContainText('Visa ending in 4242');

  // A declined card: the reason is shown, nothing changes.
  await page.goto(`${orgUrl}/billing`);
  await pay(page, '40', CARDS.declined);
  await expect(page.getByTestId('form-error')).toContainText('Your card was declined');
  await expect(page.getByTestId('form-error')).toContainText('Nothing was charged');
  await expect(page.getByTestId('billing-balance')).toHaveText('250.00 CHF');
  await expect(page.getByTestId('ledger-row')).toHaveCount(1);
  await expect(page.getByTestId('balance-chart')).toHaveAttribute('data-balance', '2500000');
  await expect(page.locator('[data-testid="payment-row"][data-status="failed"]')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('billing-balance')).toHaveText('250.00 CHF');
  await expect(page.getByTestId('account-status').first()).toHaveText('Active');
});

test('a new organization starts SUSPENDED; its owner sees clear errors, then pays once even on a double click', async ({
  page,
}) => {
  const owner = await newSignedInUser(page, 'Olivia Owner');
  const name = `Pay Org ${Date.now().toString(36)}`;
  await createOrganization(page, name);
  await switchAccount(page, name);
  await expect(page.getByTestId('status-banner')).toContainText(`${name} is SUSPENDED`);
  await page.getByTestId('status-banner').getByRole('link').click();
  await expect(page).toHaveURL(/\/billing$/);
  await expect(page.getByTestId('no-ledger')).toBeVisible();

  // Invalid input: field errors, nothing written.
  await pay(page, '10.001', '4242 4242 4242 4241', { expiry: '01/20', cvc: '1' });
  await expect(page.getByTestId('error-amount')).toContainText('at most 2 decimal places');
  await expect(page.getByTestId('error-cardNumber')).toContainText('not valid');
  await expect(page.getByTestId('error-cardExpiry')).toContainText('expired');
  await expect(page.getByTestId('error-cardCvc')).toContainText('3 or 4 digits');
  const invalidAmounts: Array<[string, string]> = [
    ['1e3', 'not 1e3'],
    ['-5', 'positive'],
    ['0', 'greater than zero'],
    ['abc', 'as a number'],
    ['5', 'minimum payment is 10.00 CHF'],
    ['10001', 'maximum payment is 10,000.00 CHF'],
  ];
  for (const [amount, message] of invalidAmounts) {
    await pay(page, amount, CARDS.success);
    await expect(page.getByTestId('error-amount')).toContainText(message);
  }
  await expect(page.getByTestId('no-payments')).toBeVisible();

  // Insufficient funds: the reason, still suspended.
  await pay(page, '60', CARDS.insufficientFunds);
  await expect(page.getByTestId('form-error')).toContainText('insufficient funds');
  await expect(page.getByTestId('status-banner')).toBeVisible();
  await expect(page.getByTestId('billing-balance')).toHaveText('0.00 CHF');

  // A double click pays once.
  await pay(page, '75.50', CARDS.success, { doubleClick: true });
  await expect(page.getByTestId('form-success')).toContainText('75.50 CHF');
  await expect(page.getByTestId('status-banner')).toHaveCount(0);
  await expect(page.getByTestId('billing-balance')).toHaveText('75.50 CHF');
  await expect(page.locator('[data-testid="payment-row"][data-status="succeeded"]')).toHaveCount(1);
  await expect(page.getByTestId('ledger-row')).toHaveCount(1);

  // The receipt went to the organization's billing email (the owner's address by default).
  const email = await latestEmailTo(page, owner.email);
  await expect(email).toContainText('75.50 CHF');
});

test('a Tech cannot reach billing: no nav entry, the pages answer 403', async ({ page }) => {
  await signIn(page, TESS_EMAIL, DEMO_PASSWORD);
  await switchAccount(page, BILLING_TEST_ORG);
  const orgUrl = new URL(page.url()).pathname;
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Billing' })).toHaveCount(0);
  const banner = page.getByTestId('status-banner');
  if (await banner.count()) await expect(banner.getByRole('link')).toHaveCount(0);

  const response = await page.goto(`${orgUrl}/billing`);
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('payment-form')).toHaveCount(0);
  const receipt = await page.goto(
    `${orgUrl}/billing/payments/00000000-0000-4000-8000-000000000000`,
  );
  expect(receipt?.status()).toBe(403);
});
