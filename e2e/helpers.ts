import { expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export async function signUp(page: Page, user: { name: string; email: string; password?: string }) {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('form-success')).toContainText(user.email);
}

/** Opens the dev mailbox and follows the first link in the newest email to `to` matching `path`. */
export async function followEmailLink(page: Page, to: string, path: string) {
  await page.goto('/dev/mailbox');
  const email = page.locator(`article[data-testid="email"][data-to="${to}"]`).first();
  await expect(email).toBeVisible();
  await email.locator(`a[href*="${path}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(path));
}

export async function verifyEmail(page: Page, email: string) {
  await followEmailLink(page, email, '/verify-email');
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page.getByTestId('form-success')).toContainText('verified');
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs up, verifies and signs in a new user; returns their personal account URL. */
export async function newSignedInUser(page: Page, name = 'Test User') {
  const email = uniqueEmail();
  await signUp(page, { name, email });
  await verifyEmail(page, email);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
  return { email, name, accountUrl: new URL(page.url()).pathname };
}

export const DEMO_PASSWORD = 'alpenglow-demo';

/** From the personal account's Organizations page: fills and submits the create form. */
export async function createOrganization(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Organizations' })
    .click();
  await expect(page).toHaveURL(/\/organizations$/);
  await page.getByLabel('Organization name').fill(name);
  await page.getByLabel('Company or legal name').fill(`${name} AG`);
  await page.getByLabel('Address', { exact: true }).fill('Bahnhofstrasse 1');
  await page.getByLabel('Postal code').fill('8001');
  await page.getByLabel('City').fill('Zürich');
  await page.getByLabel('Country').selectOption('CH');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByTestId('form-success')).toContainText(`${name} is ready`);
}

/** Opens the account menu and picks the account whose label starts with `label`. */
export async function switchAccount(page: Page, label: string) {
  await page.getByTestId('account-menu-button').click();
  await page.getByRole('menuitem', { name: new RegExp(`^${escapeRegExp(label)}`) }).click();
  await expect(page.getByTestId('account-menu-label')).toHaveText(label);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
