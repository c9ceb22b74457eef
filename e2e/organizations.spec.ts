import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  createOrganization,
  newSignedInUser,
  signIn,
  switchAccount,
} from './helpers';
import { nav } from './pages/console';

test('create an organization, switch to it and back', async ({ page }) => {
  await newSignedInUser(page, 'Olivia Org');
  const name = `Glacier Labs ${Date.now()}`;
  await createOrganization(page, name);

  const row = page.locator(`[data-testid="organization-row"][data-name="${name}"]`);
  await expect(row).toContainText('Owner');
  await expect(row).toContainText(/suspended/i);
  await expect(row).toContainText('0.00 CHF');

  await switchAccount(page, name);
  await expect(page.getByTestId('status-banner')).toContainText(`${name} is SUSPENDED`);
  await expect(page.getByTestId('status-banner')).toContainText('0.00 CHF');
  await expect(page.getByTestId('status-banner')).toContainText(
    'Make a payment to activate this organization',
  );
  await expect(nav(page).getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Organizations' })).toHaveCount(0);
  await nav(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await expect(page.getByTestId('member-row')).toContainText('Owner');

  await switchAccount(page, 'Personal Account');
  await expect(nav(page).getByRole('link', { name: 'Organizations' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
});

test('bad organization input shows field errors and creates nothing', async ({ page }) => {
  await newSignedInUser(page, 'Bad Org Input');
  await nav(page).getByRole('link', { name: 'Organizations' }).click();
  await page.getByLabel('Organization name').fill('x'.repeat(101));
  await page.getByLabel('Billing email').fill('nope');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByTestId('error-name')).toContainText('at most 100');
  await expect(page.getByTestId('error-billingCity')).toContainText('Enter the city');
  await expect(page.getByTestId('error-billingCountry')).toContainText('Choose a country');
  await expect(page.getByTestId('error-billingEmail')).toContainText('valid email');
  await expect(page.getByTestId('no-organizations')).toBeVisible();
  await page.getByTestId('account-menu-button').click();
  await expect(page.getByRole('menuitem')).toHaveText([/Personal Account/, 'Sign out']);
});

test('two tabs in two contexts: a form in tab A changes only account A', async ({ context }) => {
  const orgTab = await context.newPage();
  const { accountUrl: personalUrl } = await newSignedInUser(orgTab, 'Tab Tester');
  const name = `Two Tabs ${Date.now()}`;
  await createOrganization(orgTab, name);
  await switchAccount(orgTab, name);
  const orgUrl = new URL(orgTab.url()).pathname;

  const personalTab = await context.newPage();
  await personalTab.goto(`${personalUrl}/details`);
  await expect(personalTab.getByTestId('account-menu-label')).toHaveText('Personal Account');

  await orgTab.goto(`${orgUrl}/details`);
  await orgTab.getByLabel('City').fill('Bern');
  await orgTab.getByRole('button', { name: 'Save details' }).click();
  await expect(orgTab.getByTestId('form-success')).toHaveText('Details saved.');

  // The personal tab, opened before, still shows and saves its own account.
  await personalTab.getByLabel('Company or legal name').fill('Tab Tester Personal');
  await personalTab.getByLabel('Address', { exact: true }).fill('Rue du Lac 3');
  await personalTab.getByLabel('Postal code').fill('1003');
  await personalTab.getByLabel('City').fill('Lausanne');
  await personalTab.getByLabel('Country').selectOption('CH');
  await personalTab.getByRole('button', { name: 'Save details' }).click();
  await expect(personalTab.getByTestId('form-success')).toHaveText('Details saved.');

  await orgTab.reload();
  await expect(orgTab.getByLabel('City')).toHaveValue('Bern');
  await expect(orgTab.getByLabel('Organization name')).toHaveValue(name);
  await personalTab.reload();
  await expect(personalTab.getByLabel('City')).toHaveValue('Lausanne');
});

test('sign-in lands in the personal account even after working in an organization', async ({
  page,
}) => {
  const { email, accountUrl } = await newSignedInUser(page, 'Landing Check');
  const name = `Landing Org ${Date.now()}`;
  await createOrganization(page, name);
  await switchAccount(page, name);
  await nav(page).getByRole('link', { name: 'Details' }).click();
  await expect(page).toHaveURL(/\/details$/);

  await page.getByTestId('account-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email);
  await expect(page).toHaveURL(new RegExp(`${accountUrl}$`));
  await expect(page.getByTestId('account-menu-label')).toHaveText('Personal Account');
});

test('the last owner cannot leave; a tech member can', async ({ browser }) => {
  const owner = await browser.newPage();
  await newSignedInUser(owner, 'Lonely Owner');
  const name = `Solo Org ${Date.now()}`;
  await createOrganization(owner, name);
  const row = owner.locator(`[data-testid="organization-row"][data-name="${name}"]`);
  await row.getByRole('button', { name: 'Leave' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Leave organization' }).click();
  await expect(row.getByTestId('leave-error')).toContainText('last owner');
  await owner.reload();
  await expect(row).toBeVisible();

  // Bruno is Tech in the seeded Acme Corp (not an owner): leaving works and it is gone.
  const tech = await browser.newPage();
  await signIn(tech, 'bruno@example.com', DEMO_PASSWORD);
  await expect(tech.getByTestId('account-menu-label')).toHaveText('Personal Account');
  // As Tech he sees Acme's overview and users, but not its details; the server refuses them.
  await switchAccount(tech, 'Acme Corp');
  await expect(nav(tech).getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(nav(tech).getByRole('link', { name: 'Details' })).toHaveCount(0);
  const forbidden = await tech.goto(`${new URL(tech.url()).pathname}/details`);
  expect(forbidden?.status()).toBe(403);
  await expect(tech.getByRole('heading', { name: 'Not allowed with your role' })).toBeVisible();
  await tech.goto('/');
  await nav(tech).getByRole('link', { name: 'Organizations' }).click();
  const acme = tech.locator('[data-testid="organization-row"][data-name="Acme Corp"]');
  await expect(acme).toContainText('Tech');
  await acme.getByRole('button', { name: 'Leave' }).click();
  const dialog = tech.getByRole('dialog');
  await expect(dialog).toContainText('Leave Acme Corp?');
  await dialog.getByRole('button', { name: 'Leave organization' }).click();
  await expect(acme).toHaveCount(0);
  await tech.getByTestId('account-menu-button').click();
  await expect(tech.getByRole('menu')).not.toContainText('Acme Corp');
});

test('roles shape what a member sees; the server refuses the rest', async ({ page }) => {
  // Chloé is Admin of Acme Corp: details yes.
  await signIn(page, 'chloe@example.com', DEMO_PASSWORD);
  await switchAccount(page, 'Acme Corp');
  await expect(page.getByTestId('account-menu-button')).toContainText('Admin');
  await expect(nav(page).getByRole('link', { name: 'Details' })).toBeVisible();
  const acmeUrl = new URL(page.url()).pathname;
  await page.goto(`${acmeUrl}/details`);
  await expect(page.getByLabel('Organization name')).toHaveValue('Acme Corp');

  // Alice is Owner; a newcomer who is not a member gets 404 on Acme's pages.
  const stranger = await page.context().browser()!.newPage();
  await newSignedInUser(stranger, 'Stranger');
  const response = await stranger.goto(`${acmeUrl}/details`);
  expect(response?.status()).toBe(404);
  await stranger.close();
});

test('a user in 500 organizations searches the account menu as they type', async ({ page }) => {
  await signIn(page, 'many@example.com', DEMO_PASSWORD);
  await page.getByTestId('account-menu-button').click();
  const filter = page.getByLabel('Filter accounts');
  await expect(filter).toBeFocused();
  // The page carries the first 20 accounts (personal + 19), not all 501.
  await expect(page.getByRole('menuitem', { name: /^Scale Org/ })).toHaveCount(19);
  const status = page.getByTestId('account-menu-status');
  await expect(status).toHaveText('Showing 20 of 501 accounts. Type to search them all.');
  // Organizations beyond the first 20 are found on the server.
  await filter.fill('Scale Org 4');
  await expect(status).toHaveText('20 of 100 matches: keep typing.');
  await expect(page.getByRole('menuitem', { name: /^Scale Org 4/ })).toHaveCount(20);
  await filter.fill('Scale Org 042');
  await expect(page.getByRole('menuitem', { name: /^Scale Org/ })).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: /^Scale Org 042/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('account-menu-label')).toHaveText('Scale Org 042');
});

test('the account menu search answers a signed-in user only', async ({ request }) => {
  const response = await request.get('/api/account-menu?q=Scale');
  expect(response.status()).toBe(401);
  expect(JSON.stringify(await response.json())).not.toContain('Scale Org');
});
