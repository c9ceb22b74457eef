import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createOrganization, newSignedInUser, switchAccount } from './helpers';
import { openFromNav } from './pages/console';

async function openApiKeys(page: Page) {
  await openFromNav(page, 'API keys');
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
}

const basic = (key: string, secret: string) =>
  `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

/** Lists the account's instances with the pair (GET /api/v1/instances); the status. */
async function apiStatus(request: APIRequestContext, key: string, secret: string) {
  const response = await request.get('/api/v1/instances', {
    headers: { authorization: basic(key, secret) },
  });
  return response.status();
}

async function confirm(page: Page, button: string) {
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('dialog').getByRole('button', { name: button }).click();
}

test('create a key, see the secret once, rotate and revoke it', async ({ page }) => {
  await newSignedInUser(page, 'Kira Keys');
  await openApiKeys(page);
  await expect(page.getByTestId('no-key')).toBeVisible();

  await page.getByRole('button', { name: 'Create API key' }).click();
  const issued = page.getByTestId('issued-pair');
  await expect(issued).toContainText('only time the secret is shown');
  const key = (await page.getByTestId('issued-key').textContent())!;
  const secret = (await page.getByTestId('issued-secret').textContent())!;
  expect(key).toMatch(/^ALPK[A-Z2-7]{24}$/);
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId('current-key')).toHaveText(key);
  await expect(page.getByTestId('key-last-used')).toHaveText('Never');
  await page.screenshot({ path: 'test-results/api-keys-issued.png', fullPage: true });

  // Shown once: after a reload the key is listed, the secret is nowhere.
  await page.reload();
  await expect(page.getByTestId('current-key')).toHaveText(key);
  await expect(page.getByTestId('issued-pair')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // The pair works against the API (a new account has no instances yet), and the page then
  // shows when it was last used.
  const listed = await page.request.get('/api/v1/instances', {
    headers: { authorization: basic(key, secret) },
  });
  expect(listed.status()).toBe(200);
  expect(await listed.json()).toEqual({ data: [], next_cursor: null });
  await page.reload();
  await expect(page.getByTestId('key-last-used')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

  // Rotation asks first, then shows a new pair once; the old secret is refused at once.
  await confirm(page, 'Rotate key');
  await expect(page.getByTestId('form-success')).toContainText('previous secret no longer works');
  const rotatedKey = (await page.getByTestId('issued-key').textContent())!;
  const rotatedSecret = (await page.getByTestId('issued-secret').textContent())!;
  expect(rotatedKey).not.toBe(key);
  await expect(page.getByTestId('current-key')).toHaveText(rotatedKey);
  expect(await apiStatus(page.request, key, secret)).toBe(401);
  expect(await apiStatus(page.request, rotatedKey, rotatedSecret)).toBe(200);

  await confirm(page, 'Revoke key');
  await expect(page.getByTestId('form-success')).toContainText('revoked');
  await expect(page.getByTestId('issued-pair')).toHaveCount(0);
  await expect(page.getByTestId('no-key')).toBeVisible();
  expect(await apiStatus(page.request, rotatedKey, rotatedSecret)).toBe(401);
});

/** An organization of a new owner, joined as Tech by a new, signed-in member. */
async function teamOfTwo(owner: Page, member: Page) {
  await newSignedInUser(owner, 'Olga Owner');
  const orgName = `Key Org ${Date.now()}`;
  await createOrganization(owner, orgName);
  await switchAccount(owner, orgName);
  const { email } = await newSignedInUser(member, 'Tom Tech');
  await openFromNav(owner, 'Users');
  await owner.getByLabel('Email addresses').fill(email);
  await owner.getByLabel('Role', { exact: true }).selectOption('tech');
  await owner.getByRole('button', { name: 'Send invitations' }).click();
  await expect(owner.getByTestId('form-success')).toContainText(email);
  await member.reload();
  await member.getByTestId('account-menu-button').click();
  await member.getByRole('menuitem', { name: new RegExp(orgName) }).click();
  await member.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(member.getByTestId('account-menu-label')).toHaveText(orgName);
  return { orgName, memberEmail: email };
}

test('an owner sees which members have a key and revokes one', async ({ browser }) => {
  // Two users, an invitation, two keys and a removal: a long flow on a busy machine.
  test.slow();
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const { memberEmail } = await teamOfTwo(owner, member);

  await openApiKeys(member);
  await member.getByRole('button', { name: 'Create API key' }).click();
  const key = (await member.getByTestId('issued-key').textContent())!;
  const secret = (await member.getByTestId('issued-secret').textContent())!;
  expect(await apiStatus(member.request, key, secret)).toBe(200);

  // The owner sees "Active" (never the key) and revokes it.
  await owner.reload();
  const row = owner.locator(`[data-testid="member-row"][data-email="${memberEmail}"]`);
  await expect(row.getByTestId('member-api-key')).toHaveText('Active');
  expect(await owner.content()).not.toContain(key);
  await owner.screenshot({ path: 'test-results/api-keys-users.png', fullPage: true });
  await row.getByRole('button', { name: 'Revoke key' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
  // The row re-renders without the action once the key is gone.
  await expect(row.getByTestId('member-api-key')).toHaveText('None');
  await expect(row.getByRole('button', { name: 'Revoke key' })).toHaveCount(0);

  await member.reload();
  await expect(member.getByTestId('no-key')).toBeVisible();
  expect(await apiStatus(member.request, key, secret)).toBe(401);

  // A new key works until the owner removes the member: then it is refused too.
  await member.getByRole('button', { name: 'Create API key' }).click();
  const newKey = (await member.getByTestId('issued-key').textContent())!;
  const newSecret = (await member.getByTestId('issued-secret').textContent())!;
  expect(await apiStatus(member.request, newKey, newSecret)).toBe(200);
  await owner.reload();
  await row.getByRole('button', { name: 'Remove' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
  await expect(row).toHaveCount(0);
  expect(await apiStatus(member.request, newKey, newSecret)).toBe(401);
  await ownerContext.close();
  await memberContext.close();
});

test('the API reference renders the OpenAPI document under the console’s CSP', async ({ page }) => {
  test.slow();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await newSignedInUser(page, 'Rita Reader');
  await openApiKeys(page);
  await page.getByRole('link', { name: 'API reference' }).click();
  await expect(page).toHaveURL(/\/api\/reference$/);
  // Scalar renders in the browser: on a busy machine that alone can take a minute.
  await expect(page.getByRole('complementary', { name: 'Sidebar for Alpenglow API' })).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByText('Make a payment').first()).toBeVisible();
  await expect(page.getByText('List members').first()).toBeVisible();
  await expect(page.getByText('List instances').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/api-reference.png' });
  expect(violations).toEqual([]);
  const document = await page.request.get('/api/v1/openapi.json');
  expect(document.status()).toBe(200);
  expect((await document.json()).openapi).toBe('3.1.0');
});
