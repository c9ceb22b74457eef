import { randomUUID } from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, auditEvents, invitations, memberships, payments } from '@/db/schema';
import { rotateApiKeyDefinition } from '@/lib/api-keys/actions';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { TEST_CARDS } from '@/lib/billing/providers/test-card';
import { call, issueKey, type CallOptions, type KeyPair } from '@/test/api';
import { actAs, createTeam, expectOk, uniqueEmail } from '@/test/factories';
import type { Endpoint } from '../endpoint';
import { getAccount, updateAccount } from './account';
import { listAuditEventsEndpoint } from './audit-events';
import { createInvitationsEndpoint, revokeInvitationEndpoint } from './invitations';
import { changeMemberRoleEndpoint, listMembersEndpoint, removeMemberEndpoint } from './members';
import { createPaymentEndpoint, listPaymentsEndpoint } from './payments';

// Every endpoint × {owner, tech, admin, a member of another organization, no key, a revoked
// key}: the status each gets, and — for every refusal — nothing changed in the organization.
// Every answer is also checked against the documented schema (test/api.ts).

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

interface Fixture {
  orgId: string;
  targetUserId: string;
  invitationId: string;
}

type Who = 'owner' | 'tech' | 'admin' | 'outsider' | 'noKey' | 'revoked';

async function fixture() {
  const {
    org,
    users: [owner, tech, admin, target],
  } = await createTeam(db, 'Owner', ['Tech', 'tech'], ['Admin', 'admin'], ['Target', 'tech']);
  const revoked = await issueKey(owner, org.id);
  const rotated = expectOk(await actAs(owner, rotateApiKeyDefinition, org.id, {}, null))
    .data as KeyPair;
  const invitee = uniqueEmail('invitee');
  expectOk(
    await actAs(owner, inviteMembersDefinition, org.id, { emails: invitee, role: 'tech' }, null),
  );
  const [invitation] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.accountId, org.id), eq(invitations.email, invitee)));
  const outsiderOrg = await createTeam(db, 'Other owner', ['Outsider', 'owner']);
  const keys: Record<Who, KeyPair | null> = {
    owner: { key: rotated.key, secret: rotated.secret },
    tech: await issueKey(tech, org.id),
    admin: await issueKey(admin, org.id),
    outsider: await issueKey(outsiderOrg.users[1], outsiderOrg.org.id),
    noKey: null,
    revoked,
  };
  const f: Fixture = { orgId: org.id, targetUserId: target.id, invitationId: invitation!.id };
  return { f, keys };
}

/** Everything an endpoint could change in the organization. */
async function snapshot(orgId: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, orgId));
  const members = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.accountId, orgId))
    .orderBy(asc(memberships.userId));
  const pending = await db
    .select({ id: invitations.id, status: invitations.status })
    .from(invitations)
    .where(eq(invitations.accountId, orgId))
    .orderBy(asc(invitations.id));
  const [paid] = await db
    .select({ n: count() })
    .from(payments)
    .where(eq(payments.accountId, orgId));
  const [audited] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(eq(auditEvents.accountId, orgId));
  return { account, members, pending, paid: paid!.n, audited: audited!.n };
}

const card = { number: TEST_CARDS.success, expiry: '12/30', cvc: '737' };

interface Row {
  endpoint: Endpoint;
  request: (f: Fixture) => CallOptions;
  expected: Record<'owner' | 'tech' | 'admin' | 'outsider', number>;
}

const ok = (status: number, tech: number, admin: number, outsider = status) => ({
  owner: status,
  tech,
  admin,
  outsider,
});

const MATRIX: Row[] = [
  { endpoint: getAccount, request: () => ({}), expected: ok(200, 200, 200) },
  {
    endpoint: updateAccount,
    request: () => ({ body: { billingCity: 'Lugano' } }),
    expected: ok(200, 403, 200),
  },
  { endpoint: listMembersEndpoint, request: () => ({}), expected: ok(200, 200, 200) },
  {
    endpoint: changeMemberRoleEndpoint,
    request: (f) => ({ params: { userId: f.targetUserId }, body: { role: 'admin' } }),
    expected: ok(200, 403, 403, 404),
  },
  {
    endpoint: removeMemberEndpoint,
    request: (f) => ({ params: { userId: f.targetUserId } }),
    expected: ok(204, 403, 403, 404),
  },
  {
    endpoint: createInvitationsEndpoint,
    request: () => ({ body: { emails: [uniqueEmail('api')], role: 'tech' } }),
    expected: ok(201, 403, 403),
  },
  {
    endpoint: revokeInvitationEndpoint,
    request: (f) => ({ params: { invitationId: f.invitationId } }),
    expected: ok(204, 403, 403, 404),
  },
  { endpoint: listPaymentsEndpoint, request: () => ({}), expected: ok(200, 403, 200) },
  {
    endpoint: createPaymentEndpoint,
    request: () => ({
      headers: { 'idempotency-key': randomUUID() },
      body: { amount: '20.00', card },
    }),
    expected: ok(201, 403, 201),
  },
  { endpoint: listAuditEventsEndpoint, request: () => ({}), expected: ok(200, 403, 200) },
];

describe.each(MATRIX.map((row) => [`${row.endpoint.spec.method} ${row.endpoint.spec.path}`, row]))(
  '%s',
  (_name, row) => {
    it('answers each caller as the permission table says; refusals change nothing', async () => {
      const { f, keys } = await fixture();
      // Refusals first (the organization must be untouched after each), then the successes.
      const order: Who[] = ['noKey', 'revoked', 'outsider', 'tech', 'admin', 'owner'];
      for (const who of order) {
        const expected = who === 'noKey' || who === 'revoked' ? 401 : row.expected[who];
        const before = await snapshot(f.orgId);
        const result = await call(row.endpoint, { ...row.request(f), pair: keys[who] });
        expect(result.status, `${who}: ${JSON.stringify(result.body)}`).toBe(expected);
        if (expected >= 400 || who === 'outsider') {
          expect(await snapshot(f.orgId), `${who} changed the organization`).toEqual(before);
        }
      }
    });
  },
);
