import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// axe on every console page in its main states — empty, filled, error, suspended, refused —
// and on the sign-in pages: no serious or critical violation of WCAG 2.1 A/AA. One test per
// page (short on a busy machine); each signed-in user signs in once per worker.

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

async function openAndCheck(page: Page, path: string, state: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expectAccessible(page, state);
}

/** The browser state of a demo user signed in once (per worker), for the tests below. */
function signedInAs(email: string) {
  let state: Awaited<ReturnType<BrowserContext['storageState']>>;
  const opened: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of opened.splice(0)) await context.close();
  });
  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
    state = await context.storageState();
    await context.close();
  });
  return async (browser: Browser) => {
    const context = await browser.newContext({ storageState: state });
    opened.push(context);
    return context.newPage();
  };
}

test.describe('signed out', () => {
  for (const path of [
    '/sign-in',
    '/sign-up',
    '/forgot-password',
    '/resend-verification',
    '/reset-password',
    '/verify-email',
    '/invitation',
    '/no-such-page',
  ]) {
    test(`${path} (empty)`, async ({ page }) => openAndCheck(page, path, `${path} empty`));
  }

  test('sign-up with field errors; sign-in refused', async ({ page }) => {
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
});

test.describe('an owner (filled, suspended, error)', () => {
  const open = signedInAs('alice@example.com');
  const pages: Array<[state: string, path: string]> = [
    ['Acme overview', `/a/${ACME_ID}`],
    ['Acme details', `/a/${ACME_ID}/details`],
    ['Acme billing (payments, chart)', `/a/${ACME_ID}/billing`],
    ['Acme users', `/a/${ACME_ID}/users`],
    ['Acme audit log', `/a/${ACME_ID}/audit`],
    ['Acme audit filtered to nothing', `/a/${ACME_ID}/audit?action=member.removed`],
    ['Acme audit with a bad page link', `/a/${ACME_ID}/audit?before=tampered`],
    ['Acme security', `/a/${ACME_ID}/security`],
    ['Users page with 300 members', `/a/${GLACIER_ID}/users`],
    ['suspended overview', `/a/${DORMANT_ID}`],
    ['suspended billing', `/a/${DORMANT_ID}/billing`],
    ['suspended billing with members', `/a/${BILLING_TEST_ORG_ID}/billing`],
  ];
  for (const [state, path] of pages) {
    test(state, async ({ browser }) => openAndCheck(await open(browser), path, state));
  }

  test('personal overview, organizations and the account menu open', async ({ browser }) => {
    const page = await open(browser);
    await page.goto('/');
    await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
    const personal = new URL(page.url()).pathname;
    await expectAccessible(page, 'personal overview');
    await openAndCheck(page, `${personal}/organizations`, 'organizations (filled)');
    await page.getByTestId('account-menu-button').click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expectAccessible(page, 'account menu open');
  });

  test('details with field errors', async ({ browser }) => {
    const page = await open(browser);
    await page.goto(`/a/${ACME_ID}/details`);
    await page.getByLabel('Organization name').fill('');
    await page.getByRole('button', { name: /Save/ }).click();
    await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
    await expectAccessible(page, 'details with field errors');
  });

  test('a receipt', async ({ browser }) => {
    const page = await open(browser);
    await page.goto(`/a/${ACME_ID}/billing`);
    await page.getByRole('link', { name: /PAY-/ }).first().click();
    await expect(page).toHaveURL(/\/billing\/payments\//);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectAccessible(page, 'receipt');
  });
});

test.describe('a tech (reduced console, refusals)', () => {
  const open = signedInAs('bruno@example.com');
  const pages: Array<[state: string, path: string]> = [
    ['tech overview', `/a/${ACME_ID}`],
    ['tech users (read only)', `/a/${ACME_ID}/users`],
    ['tech billing (403)', `/a/${ACME_ID}/billing`],
    ['non-member (404)', `/a/${GLACIER_ID}`],
  ];
  for (const [state, path] of pages) {
    test(state, async ({ browser }) => openAndCheck(await open(browser), path, state));
  }
});
