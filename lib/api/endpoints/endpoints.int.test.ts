import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, payments } from '@/db/schema';
import { TEST_CARDS } from '@/lib/billing/providers/test-card';
import { call, issueKey, type KeyPair } from '@/test/api';
import type { Endpoint } from '../endpoint';
import { createTeam, createUser, uniqueEmail } from '@/test/factories';
import { getAccount } from './account';
import { listAuditEventsEndpoint } from './audit-events';
import { createInvitationsEndpoint, revokeInvitationEndpoint } from './invitations';
import { changeMemberRoleEndpoint, listMembersEndpoint, removeMemberEndpoint } from './members';
import { createPaymentEndpoint, listPaymentsEndpoint } from './payments';

// The endpoints' own behaviour beyond the permission matrix: pagination, payments and their
// idempotency, another account's ids, and the rules of the domain as API statuses.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

const card = (number: string = TEST_CARDS.success) => ({ number, expiry: '12/30', cvc: '737' });

async function walk(endpoint: Endpoint, pair: KeyPair, limit: number) {
  const seen: unknown[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const query: Record<string, string> = { limit: String(limit), ...(cursor ? { cursor } : {}) };
    const result = await call(endpoint, { pair, query });
    expect(result.status).toBe(200);
    const body = result.body as { data: unknown[]; next_cursor: string | null };
    expect(body.data.length).toBeLessThanOrEqual(limit);
    seen.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

describe('lists are cursor-paginated', () => {
  it('members: every member exactly once, in name order, across pages', async () => {
    const { org, users } = await createTeam(
      db,
      'Owner',
      ['Bea', 'tech'],
      ['Bea', 'admin'],
      ['Cem', 'tech'],
      ['Ada', 'admin'],
    );
    const pair = await issueKey(users[0], org.id);
    const members = (await walk(listMembersEndpoint, pair, 2)) as Array<{
      userId: string;
      name: string;
    }>;
    expect(members.map((m) => m.userId).sort()).toEqual(users.map((u) => u.id).sort());
    expect(members.map((m) => m.name)).toEqual(['Ada', 'Bea', 'Bea', 'Cem', 'Owner']);
    const bad = await call(listMembersEndpoint, { pair, query: { cursor: 'nonsense' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { fields: { cursor: [expect.any(String)] } } });
    expect((await call(listMembersEndpoint, { pair, query: { limit: '0' } })).status).toBe(400);
  });

  it('payments and audit events: newest first, none lost or repeated', async () => {
    const { org, users } = await createTeam(db, 'Payer');
    const pair = await issueKey(users[0], org.id);
    for (let i = 0; i < 5; i++) {
      const paid = await call(createPaymentEndpoint, {
        pair,
        headers: { 'idempotency-key': randomUUID() },
        body: { amount: `${10 + i}.00`, card: card() },
      });
      expect(paid.status).toBe(201);
    }
    const listed = (await walk(listPaymentsEndpoint, pair, 2)) as Array<{
      amount: { amount: string };
    }>;
    expect(listed.map((p) => p.amount.amount)).toEqual([
      '14.0000',
      '13.0000',
      '12.0000',
      '11.0000',
      '10.0000',
    ]);
    const events = (await walk(listAuditEventsEndpoint, pair, 3)) as Array<{
      id: string;
      action: string;
    }>;
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e) => e.action === 'payment.succeeded')).toHaveLength(5);
    const filtered = await call(listAuditEventsEndpoint, {
      pair,
      query: { action: 'organization.created' },
    });
    expect((filtered.body as { data: unknown[] }).data).toHaveLength(1);
  });
});

describe('POST /payments', () => {
  it('credits the account once per Idempotency-Key; a different body is 409; the header is required', async () => {
    const user = await createUser(db, 'Payer');
    const pair = await issueKey(user, user.personalAccountId);
    const headers = { 'idempotency-key': `pay-${randomUUID()}` };
    const body = { amount: '25.50', card: card() };
    const first = await call(createPaymentEndpoint, { pair, headers, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'succeeded',
      amount: { amount: '25.5000', currency: 'CHF' },
      card: { brand: 'Visa', last4: '4242' },
    });
    const again = await Promise.all(
      Array.from({ length: 5 }, () => call(createPaymentEndpoint, { pair, headers, body })),
    );
    for (const replay of again) expect(replay).toMatchObject({ status: 201, body: first.body });
    const conflict = await call(createPaymentEndpoint, {
      pair,
      headers,
      body: { ...body, amount: '30.00' },
    });
    expect(conflict.status).toBe(409);
    const missing = await call(createPaymentEndpoint, { pair, body });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: { fields: { 'Idempotency-Key': [expect.any(String)] } },
    });

    const rows = await db
      .select()
      .from(payments)
      .where(eq(payments.accountId, user.personalAccountId));
    expect(rows).toHaveLength(1);
    const account = await call(getAccount, { pair });
    expect(account.body).toMatchObject({ status: 'active', balance: { amount: '25.5000' } });
  });

  it('parallel first requests with one key charge once', async () => {
    const user = await createUser(db, 'Racer');
    const pair = await issueKey(user, user.personalAccountId);
    const headers = { 'idempotency-key': randomUUID() };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(createPaymentEndpoint, { pair, headers, body: { amount: '40.00', card: card() } }),
      ),
    );
    for (const result of results) expect(result.status).toBe(201);
    const [account] = await db
      .select()
      .from(accounts)
      .where(eq(accounts.id, user.personalAccountId));
    expect(account!.balance).toBe(400_000);
  });

  it('a declined card is 422 with the reason; bad input is 400 on the field', async () => {
    const user = await createUser(db, 'Declined');
    const pair = await issueKey(user, user.personalAccountId);
    const declined = await call(createPaymentEndpoint, {
      pair,
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: '20.00', card: card(TEST_CARDS.declined) },
    });
    expect(declined.status).toBe(422);
    expect(declined.body).toMatchObject({
      error: { code: 'rejected', message: expect.stringMatching(/declined/) },
    });
    const listed = await call(listPaymentsEndpoint, { pair });
    expect(listed.body).toMatchObject({
      data: [{ status: 'failed', failure: { code: 'card_declined' } }],
    });

    for (const [body, field] of [
      [{ amount: '5.00', card: card() }, 'amount'],
      [{ amount: 20, card: card() }, 'amount'],
      [{ amount: '20.00', card: { ...card(), number: '4242424242424241' } }, 'card.number'],
      [{ amount: '20.00' }, 'card'],
    ] as const) {
      const result = await call(createPaymentEndpoint, {
        pair,
        headers: { 'idempotency-key': randomUUID() },
        body,
      });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((result.body as { error: { fields: object } }).error.fields)).toContain(
        field,
      );
    }
  });
});

describe('members and invitations', () => {
  it('another account’s or an unknown id is 404; demoting the last owner is a 409 with the reason', async () => {
    const {
      org,
      users: [owner, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const other = await createTeam(db, 'Other', ['Stranger', 'tech']);
    const pair = await issueKey(owner, org.id);
    for (const userId of [other.users[1].id, randomUUID(), 'not-a-uuid']) {
      expect((await call(removeMemberEndpoint, { pair, params: { userId } })).status).toBe(404);
    }
    const last = await call(changeMemberRoleEndpoint, {
      pair,
      params: { userId: owner.id },
      body: { role: 'tech' },
    });
    expect(last.status).toBe(409);
    expect(last.body).toMatchObject({
      error: { message: expect.stringMatching(/at least one owner/) },
    });
    const promoted = await call(changeMemberRoleEndpoint, {
      pair,
      params: { userId: tech.id },
      body: { role: 'owner' },
    });
    expect(promoted).toMatchObject({ status: 200, body: { userId: tech.id, role: 'owner' } });
  });

  it('invites addresses, refuses bad ones per field, revokes by id', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const pair = await issueKey(owner, org.id);
    const email = uniqueEmail('Invitee');
    const invited = await call(createInvitationsEndpoint, {
      pair,
      body: { emails: [email], role: 'admin' },
    });
    expect(invited.status).toBe(201);
    const [invitation] = (invited.body as { data: Array<{ id: string; email: string }> }).data;
    expect(invitation).toMatchObject({
      email: email.toLowerCase(),
      role: 'admin',
      status: 'pending',
    });
    expect(JSON.stringify(invited.body)).not.toMatch(/token/i);

    const bad = await call(createInvitationsEndpoint, {
      pair,
      body: { emails: ['not an address'], role: 'admin' },
    });
    expect(bad.status).toBe(400);
    const extra = await call(createInvitationsEndpoint, {
      pair,
      body: { emails: [uniqueEmail()], role: 'admin', accountId: randomUUID() },
    });
    expect(extra.status).toBe(400);

    expect(
      (await call(revokeInvitationEndpoint, { pair, params: { invitationId: invitation!.id } }))
        .status,
    ).toBe(204);
    expect(
      (await call(revokeInvitationEndpoint, { pair, params: { invitationId: invitation!.id } }))
        .status,
    ).toBe(422);
    expect(
      (await call(revokeInvitationEndpoint, { pair, params: { invitationId: randomUUID() } }))
        .status,
    ).toBe(404);
  });
});
