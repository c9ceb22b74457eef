import { expect, test } from '@playwright/test';
import { newSignedInUser, signIn, signUp, uniqueEmail } from './helpers';

test('a copied session cookie stops working once its browser signs out', async ({ browser }) => {
  const original = await browser.newContext();
  const page = await original.newPage();
  const { accountUrl } = await newSignedInUser(page, 'Cora Copied');

  // Someone copies the cookie into another browser: it works while the session lives.
  const thief = await browser.newContext();
  await thief.addCookies(await original.cookies());
  const stolen = await thief.newPage();
  await stolen.goto(accountUrl);
  await expect(stolen.getByTestId('account-menu-label')).toHaveText('Personal Account');

  await page.getByTestId('account-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await stolen.goto(accountUrl);
  await expect(stolen).toHaveURL(/\/sign-in/);
  await original.close();
  await thief.close();
});

test('Sign-in & security lists the sessions and signs out one of them', async ({ browser }) => {
  const laptop = await browser.newContext();
  const first = await laptop.newPage();
  const { email, accountUrl } = await newSignedInUser(first, 'Sam Sessions');
  const phone = await browser.newContext();
  const second = await phone.newPage();
  await signIn(second, email);
  await expect(second).toHaveURL(accountUrl);

  await second.goto(`${accountUrl}/security`);
  const rows = second.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  const current = second.locator('[data-testid="session-row"][data-current="true"]');
  await expect(current).toContainText('This browser');
  await expect(current).toContainText(/Chrome \d+ on/);
  await expect(current).toContainText('127.0.0.1');
  await expect(current).toContainText('UTC');

  const other = second.locator('[data-testid="session-row"][data-current="false"]');
  await other.getByRole('button', { name: 'Sign out' }).click();
  await second.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
  // The ended session's row leaves the list (the page is revalidated).
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-current', 'true');

  // The other browser is signed out at its next request; this one is not.
  await first.goto(accountUrl);
  await expect(first).toHaveURL(/\/sign-in/);
  await second.goto(accountUrl);
  await expect(second.getByTestId('account-menu-label')).toHaveText('Personal Account');
  await laptop.close();
  await phone.close();
});

test('emailed links carry their token in the fragment, which the page removes', async ({
  page,
}) => {
  const email = uniqueEmail('fragment');
  await signUp(page, { name: 'Fran Fragment', email });
  await page.goto('/dev/mailbox');
  const message = page.locator(`article[data-testid="email"][data-to="${email}"]`).first();
  const link = message.locator('a[href*="/verify-email"]').first();
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/\/verify-email#[A-Za-z0-9_-]{43}$/);
  expect(href).not.toContain('?');

  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await link.click();
  await expect(page.getByRole('button', { name: 'Confirm email address' })).toBeEnabled();
  await expect(page).toHaveURL(/\/verify-email$/);
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByTestId('form-success')).toContainText('verified');
  const token = href.split('#')[1]!;
  expect(requested.filter((url) => url.includes(token))).toEqual([]);
});
