import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// axe on every console page in its main states — empty, filled, error, suspended, refused —
// and on the sign-in pages: no serious or critical violation of WCAG 2.1 A/AA.

const ACME_ID = 'ac000000-0000-4000-8000-000000000001';
const GLACIER_ID = 'ac000000-0000-4000-8000-000000000002';
const DORMANT_ID = 'b1000000-0000-4000-8000-000000000001';
const BILLING_TEST_ORG_ID = 'b1000000-0000-4000-8000-000000000002';

test.describe.configure({ mode: 'parallel' });

async function expectAccessible(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  expect(serious, `${state} (${page.url()})`).toEqual([]);
}

async function visit(page: Page, path: string, state: string, ready: () => Promise<void>) {
  await page.goto(path);
  await ready();
  await expectAccessible(page, state);
}

const heading = (page: Page) => () =>
  expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();

test('sign-in pages: empty and with errors', async ({ page }) => {
  for (const path of [
    '/sign-in',
    '/sign-up',
    '/forgot-password',
    '/resend-verification',
    '/reset-password',
    '/verify-email',
    '/invitation',
    '/no-such-page',
  ])
    await visit(page, path, `${path} empty`, heading(page));
  await page.goto('/sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expectAccessible(page, 'sign-up with field errors');
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Incorrect email or password.')).toBeVisible();
  await expectAccessible(page, 'sign-in refused');
});

test('an owner’s console: filled organization pages and the account menu', async ({ page }) => {
  await signIn(page, 'alice@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
  const personal = new URL(page.url()).pathname;
  await expectAccessible(page, 'personal overview');
  await visit(page, `${personal}/organizations`, 'organizations (filled)', heading(page));
  for (const section of ['', '/details', '/billing', '/users', '/audit', '/security'])
    await visit(page, `/a/${ACME_ID}${section}`, `Acme ${section || 'overview'}`, heading(page));
  await visit(page, `/a/${GLACIER_ID}/users`, 'Users page with 300 members', heading(page));
  await page.getByTestId('account-menu-button').click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expectAccessible(page, 'account menu open');
});

test('suspended, error and receipt states', async ({ page }) => {
  await signIn(page, 'alice@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
  for (const id of [DORMANT_ID, BILLING_TEST_ORG_ID]) {
    await visit(page, `/a/${id}`, 'suspended overview', heading(page));
    await expect(page.getByTestId('status-banner')).toBeVisible();
    await visit(page, `/a/${id}/billing`, 'suspended billing', heading(page));
  }
  await page.goto(`/a/${ACME_ID}/details`);
  await page.getByLabel('Organization name').fill('');
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expectAccessible(page, 'details with field errors');
  await page.goto(`/a/${ACME_ID}/billing`);
  const receipt = page.getByRole('link', { name: /PAY-/ }).first();
  await receipt.click();
  await expect(page).toHaveURL(/\/billing\/payments\//);
  await heading(page)();
  await expectAccessible(page, 'receipt');
  await visit(
    page,
    `/a/${ACME_ID}/audit?action=member.removed`,
    'audit filtered to nothing',
    heading(page),
  );
  await visit(
    page,
    `/a/${ACME_ID}/audit?before=tampered`,
    'audit with a bad page link',
    heading(page),
  );
});

test('a tech sees refusals and a reduced console', async ({ page }) => {
  await signIn(page, 'bruno@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
  await visit(page, `/a/${ACME_ID}`, 'tech overview', heading(page));
  await visit(page, `/a/${ACME_ID}/users`, 'tech users (read only)', heading(page));
  await visit(page, `/a/${ACME_ID}/billing`, 'tech billing (403)', heading(page));
  await visit(page, `/a/${GLACIER_ID}`, 'non-member (404)', heading(page));
});
