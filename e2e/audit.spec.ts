import fs from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  createOrganization,
  newSignedInUser,
  signIn,
  switchAccount,
} from './helpers';
import { nav } from './pages/console';

// Other specs run in parallel on the same server: Chloé edits Acme's details and Bruno leaves
// Acme, so assertions on Acme look for this test's own event, never at counts.

const CSV_HEADER =
  'time,actor name,actor email,action,target type,target id,before role,after role,ip,metadata';

test('the owner sees a details change in the audit log, filters it and exports it', async ({
  page,
}) => {
  await signIn(page, 'alice@example.com', DEMO_PASSWORD);
  await switchAccount(page, 'Acme Corp');
  const acmeUrl = new URL(page.url()).pathname;

  // A details change of our own, recognisable by its value.
  const marker = `Floor ${Date.now()}`;
  await page.goto(`${acmeUrl}/details`);
  await page.getByLabel('Address line 2').fill(marker);
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('form-success')).toHaveText('Details saved.');

  await nav(page).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(new RegExp(`${acmeUrl}/audit$`));
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const mine = page
    .locator('[data-testid="audit-row"][data-action="account.details_updated"]')
    .filter({ hasText: 'alice@example.com' })
    .first();
  await expect(mine).toContainText('Alice Martin');
  await expect(mine).toContainText('Account details updated');
  await expect(mine).toContainText('Changed: address line 2');
  await expect(mine).toContainText('127.0.0.1');

  // Filter by action: the URL carries it, and only that action is listed.
  await page.getByLabel('Action').selectOption('account.details_updated');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\?action=account\.details_updated/);
  await expect(page.getByLabel('Action')).toHaveValue('account.details_updated');
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  const actions = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
  expect(new Set(actions)).toEqual(new Set(['account.details_updated']));

  // The export link carries the same filter; the CSV holds the header and our event.
  const exportLink = page.getByTestId('audit-export');
  await expect(exportLink).toHaveAttribute(
    'href',
    /\/audit\/export\?action=account\.details_updated$/,
  );
  const downloadPromise = page.waitForEvent('download');
  await exportLink.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(
    /^alpenglow-audit-acme-corp-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = await fs.readFile((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(CSV_HEADER);
  const line = lines.find((l) => l.includes(marker));
  expect(line).toBeDefined();
  expect(line).toContain('Alice Martin,alice@example.com,account.details_updated,account,');
  expect(line).toContain('127.0.0.1');
  expect(lines.slice(1).every((l) => l.includes(',account.details_updated,'))).toBe(true);

  // A tampered page link gives a clear message, not an error page.
  const bad = await page.goto(`${acmeUrl}/audit?before=tampered&actor=nobody`);
  expect(bad?.status()).toBe(200);
  await expect(page.getByTestId('audit-error')).toContainText('not valid');
});

test("a new organization's log shows its creation; a stranger gets 404", async ({
  page,
  browser,
}) => {
  const owner = await newSignedInUser(page, 'Audit Owner');
  const name = `Audit Org ${Date.now()}`;
  await createOrganization(page, name);
  await switchAccount(page, name);
  await nav(page).getByRole('link', { name: 'Audit log' }).click();
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-action', 'organization.created');
  await expect(rows.first()).toContainText('Organization created');
  await expect(rows.first()).toContainText('Audit Owner');
  await expect(rows.first()).toContainText(owner.email);
  await expect(rows.first()).toContainText(name);
  await expect(page.getByRole('link', { name: 'Older →' })).toHaveCount(0);

  // The actor filter lists the owner; filtering by another action shows the empty state.
  await expect(page.getByLabel('Actor').locator('option')).toHaveText([
    'Everyone',
    `Audit Owner (${owner.email})`,
  ]);
  await page.goto(`${new URL(page.url()).pathname}?action=member.removed`);
  await expect(page.getByTestId('audit-empty')).toHaveText('No events match these filters.');
  await page.screenshot({ path: 'test-results/audit-empty.png', fullPage: true });

  // To a non-member the organization does not exist, page and export alike.
  const auditUrl = new URL(page.url()).pathname;
  const stranger = await browser.newPage();
  await newSignedInUser(stranger, 'Audit Stranger');
  expect((await stranger.goto(auditUrl))?.status()).toBe(404);
  expect((await stranger.request.get(`${auditUrl}/export`)).status()).toBe(404);
  await stranger.close();
});

test('Admin sees the log; Tech gets 403; a signed-out export gets 401', async ({
  page,
  browser,
}) => {
  // Chloé is Admin of Acme: allowed.
  await signIn(page, 'chloe@example.com', DEMO_PASSWORD);
  await switchAccount(page, 'Acme Corp');
  const acmeUrl = new URL(page.url()).pathname;
  await nav(page).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/audit-log.png', fullPage: true });

  // A Tech of the seeded Glacier Works (Bruno may have left Acme in another spec): 403.
  const tech = await browser.newPage();
  await signIn(tech, 'member011@glacier.example', DEMO_PASSWORD);
  await switchAccount(tech, 'Glacier Works');
  await expect(tech.getByTestId('account-menu-button')).toContainText('Tech');
  await expect(nav(tech).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  const glacierUrl = new URL(tech.url()).pathname;
  expect((await tech.goto(`${glacierUrl}/audit`))?.status()).toBe(403);
  expect((await tech.request.get(`${glacierUrl}/audit/export`)).status()).toBe(403);
  await tech.close();

  const anonymous = await browser.newContext();
  const response = await anonymous.request.get(`${acmeUrl}/audit/export`);
  expect(response.status()).toBe(401);
  await anonymous.close();
});
