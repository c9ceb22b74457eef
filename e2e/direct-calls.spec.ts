import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, newSignedInUser, signIn } from './helpers';
import {
  ACCOUNT_ACTIONS,
  BILLING_ACTIONS,
  INVITATION_ACTIONS,
  callAction,
  formArgs,
} from './server-actions';

// Server actions called as an attacker would: the real HTTP POST with the action's id and a
// crafted body, with the cookies of a signed-in user — bypassing every form. Whatever the
// body says, the server decides from the session and the URL's account: refused calls change
// nothing, and fields the form never sends (role, balance, status, kind, userId, a second
// accountId) are ignored.

const ACME_ID = 'ac000000-0000-4000-8000-000000000001';
const SMUGGLED: Array<[string, string]> = [
  ['role', 'owner'],
  ['balance', '999999999'],
  ['status', 'active'],
  ['kind', 'organization'],
  ['userId', randomUUID()],
  ['personalOwnerId', randomUUID()],
];
const DETAILS: Array<[string, string]> = [
  ['billingName', 'Crafted AG'],
  ['billingAddressLine1', 'Hackerstrasse 1'],
  ['billingPostalCode', '8000'],
  ['billingCity', 'Zürich'],
  ['billingCountry', 'CH'],
  ['billingEmail', 'crafted@example.test'],
];

test.describe.configure({ mode: 'parallel' });

async function overview(page: Page, accountId: string) {
  await page.goto(`/a/${accountId}`);
  return {
    name: await page.getByTestId('account-name').textContent(),
    balance: await page.getByTestId('account-balance').textContent(),
    banner: await page.getByTestId('status-banner').count(),
  };
}

test('a tech’s crafted details update of their organization is refused; nothing changes', async ({
  page,
  baseURL,
}) => {
  await signIn(page, 'bruno@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/a\/[0-9a-f-]{36}$/);
  const before = await overview(page, ACME_ID);
  const answer = await callAction(
    page.request,
    `/a/${ACME_ID}/details`,
    [ACCOUNT_ACTIONS, 'updateAccountDetailsAction'],
    formArgs([['accountId', ACME_ID], ['name', 'Pwned Corp'], ...DETAILS, ...SMUGGLED]),
    { baseURL: baseURL! },
  );
  expect(answer.status).toBe(200);
  expect(answer.result).toMatchObject({ status: 'error', code: 'forbidden' });
  expect(await overview(page, ACME_ID)).toEqual(before);
});

test('a non-member is told the account does not exist, for every account action', async ({
  page,
  baseURL,
}) => {
  await newSignedInUser(page, 'Mallory Outsider');
  const calls: Array<[string, Array<[string, string]>]> = [
    ['updateAccountDetailsAction', [['name', 'Pwned'], ...DETAILS]],
    [
      'inviteMembersAction',
      [
        ['emails', 'mallory@example.test'],
        ['role', 'owner'],
      ],
    ],
    [
      'changeRoleAction',
      [
        ['userId', randomUUID()],
        ['role', 'owner'],
      ],
    ],
    ['removeMemberAction', [['userId', randomUUID()]]],
    ['revokeInvitationAction', [['invitationId', randomUUID()]]],
    ['resendInvitationAction', [['invitationId', randomUUID()]]],
    ['leaveOrganizationAction', []],
  ];
  for (const [name, fields] of calls) {
    const answer = await callAction(
      page.request,
      `/a/${ACME_ID}/details`,
      [ACCOUNT_ACTIONS, name],
      formArgs([['accountId', ACME_ID], ...fields]),
      { baseURL: baseURL! },
    );
    expect(answer.result, name).toMatchObject({ status: 'error', code: 'not_found' });
  }
  const payment = await callAction(
    page.request,
    `/a/${ACME_ID}/billing`,
    [BILLING_ACTIONS, 'makePaymentAction'],
    formArgs([
      ['accountId', ACME_ID],
      ['amount', '50.00'],
      ['idempotencyKey', randomUUID()],
      ['cardNumber', '4242424242424242'],
      ['cardExpiry', '12/39'],
      ['cardCvc', '123'],
    ]),
    { baseURL: baseURL! },
  );
  expect(payment.result).toMatchObject({ status: 'error', code: 'not_found' });
  // The refusals carried nothing of the account: no name, no balance.
  expect(JSON.stringify(payment.result)).not.toContain('Acme');
});

test('smuggled fields are ignored: a details update cannot set balance, status, kind or role', async ({
  page,
  baseURL,
}) => {
  const user = await newSignedInUser(page, 'Sam Smuggler');
  const accountId = user.accountUrl.split('/').pop()!;
  const answer = await callAction(
    page.request,
    `/a/${accountId}/details`,
    [ACCOUNT_ACTIONS, 'updateAccountDetailsAction'],
    // A second accountId (Acme) after the real one: the server reads the first only.
    formArgs([
      ['accountId', accountId],
      ['accountId', ACME_ID],
      ['name', 'Sam Smuggler'],
      ...DETAILS,
      ...SMUGGLED,
    ]),
    { baseURL: baseURL! },
  );
  expect(answer.result).toMatchObject({ status: 'success' });
  const after = await overview(page, accountId);
  expect(after.balance).toBe('0.00 CHF');
  expect(after.banner).toBe(1); // still suspended
  await expect(page.getByText('Personal Account').first()).toBeVisible();
  await expect(page.getByText('Owner', { exact: true })).toBeVisible();
});

test('a crafted payment credits only its own account, only its amount', async ({
  page,
  baseURL,
}) => {
  const user = await newSignedInUser(page, 'Paula Payer');
  const accountId = user.accountUrl.split('/').pop()!;
  const answer = await callAction(
    page.request,
    `/a/${accountId}/billing`,
    [BILLING_ACTIONS, 'makePaymentAction'],
    formArgs([
      ['accountId', accountId],
      ['accountId', ACME_ID],
      ['amount', '50.00'],
      ['amount', '9999.00'],
      ['idempotencyKey', randomUUID()],
      ['cardNumber', '4242424242424242'],
      ['cardExpiry', '12/39'],
      ['cardCvc', '123'],
      ['currency', 'EUR'],
      ...SMUGGLED,
    ]),
    { baseURL: baseURL! },
  );
  expect(answer.result).toMatchObject({ status: 'success' });
  expect(JSON.stringify(answer.result)).not.toContain('4242424242424242');
  expect((await overview(page, accountId)).balance).toBe('50.00 CHF');
});

test('signed out, an action only redirects to sign-in', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const answer = await callAction(
    anonymous,
    `/a/${ACME_ID}/details`,
    [ACCOUNT_ACTIONS, 'updateAccountDetailsAction'],
    formArgs([['accountId', ACME_ID], ['name', 'Pwned'], ...DETAILS]),
    { baseURL: baseURL! },
  );
  expect(answer.status).toBeLessThan(500);
  expect(answer.redirect).toBe('/sign-in');
  await anonymous.dispose();
});

test('answering an invitation that is not yours, or none, is refused', async ({
  page,
  baseURL,
}) => {
  await newSignedInUser(page, 'Ivy Intruder');
  for (const invitationId of [randomUUID(), 'not-a-uuid', "' or 1=1 --"]) {
    const answer = await callAction(
      page.request,
      '/invitations/x',
      [INVITATION_ACTIONS, 'respondToInvitationAction'],
      formArgs({ invitationId, response: 'accepted', role: 'owner', accountId: ACME_ID }),
      { baseURL: baseURL! },
    );
    expect(answer.result).toMatchObject({
      status: 'error',
      message: 'This invitation does not exist.',
    });
  }
  const opened = await callAction(
    page.request,
    '/invitation',
    [INVITATION_ACTIONS, 'openInvitationAction'],
    ['x'.repeat(43)],
    { baseURL: baseURL! },
  );
  expect(opened.result).toEqual({ status: 'invalid' });
});

test('a malformed call or an unknown action id is a client error, never a 5xx', async ({
  page,
  baseURL,
}) => {
  await newSignedInUser(page, 'Fuzzy Caller');
  const unknown = await page.request.post(`/a/${ACME_ID}/details`, {
    headers: { 'Next-Action': 'f'.repeat(42), Origin: baseURL! },
    multipart: new FormData(),
    failOnStatusCode: false,
  });
  expect(unknown.status()).toBeGreaterThanOrEqual(400);
  expect(unknown.status()).toBeLessThan(500);
});
