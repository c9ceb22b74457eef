import { randomUUID } from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  accounts,
  auditEvents,
  buckets,
  instances,
  invitations,
  memberships,
  payments,
} from '@/db/schema';
import { rotateApiKeyDefinition } from '@/lib/api-keys/actions';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { TEST_CARDS } from '@/lib/billing/providers/test-card';
import { setClock, type ManualClock } from '@/lib/clock';
import {
  createBucketDefinition,
  createInstanceDefinition,
  stopInstanceDefinition,
} from '@/lib/resources/actions';
import { runSettle } from '@/lib/resources/settle';
import { fund, installClock } from '@/lib/resources/test-helpers';
import { call, issueKey, type CallOptions, type KeyPair } from '@/test/api';
import { actAs, createTeam, expectOk, uniqueEmail, type TestUser } from '@/test/factories';
import type { Endpoint } from '../endpoint';
import { getAccount, updateAccount } from './account';
import { ENDPOINTS } from './index';
import { listAuditEventsEndpoint } from './audit-events';
import { createInvitationsEndpoint, revokeInvitationEndpoint } from './invitations';
import { changeMemberRoleEndpoint, listMembersEndpoint, removeMemberEndpoint } from './members';
import { createPaymentEndpoint, listPaymentsEndpoint } from './payments';
import {
  createBucketEndpoint,
  deleteBucketEndpoint,
  getBucketEndpoint,
  listBucketsEndpoint,
} from './buckets';
import {
  createInstanceEndpoint,
  deleteInstanceEndpoint,
  getInstanceEndpoint,
  listInstancesEndpoint,
  rebootInstanceEndpoint,
  startInstanceEndpoint,
  stopInstanceEndpoint,
} from './instances';

// Every endpoint × {owner, tech, admin, a member of another organization, no key, a revoked
// key}: the status each gets, and — for every refusal — nothing changed in the organization.
// Every answer is also checked against the documented schema (test/api.ts).

let db: Db;
let clock: ManualClock;

beforeAll(async () => {
  db = await getDb();
  // The resources' lifecycle runs on this clock: a test settles transitions by advancing it.
  clock = installClock(new Date());
});
afterAll(() => setClock(null));

interface Fixture {
  orgId: string;
  owner: TestUser;
  targetUserId: string;
  invitationId: string;
  /** Replaced by a row's `prepare` when each caller needs an instance in a given state. */
  instanceId: string;
  bucketId: string;
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
  // Funded (active), so it holds resources; the outsider's organization is not (SUSPENDED).
  await fund(db, org.id, 100 * 10_000);
  const outsiderOrg = await createTeam(db, 'Other owner', ['Outsider', 'owner']);
  const keys: Record<Who, KeyPair | null> = {
    owner: { key: rotated.key, secret: rotated.secret },
    tech: await issueKey(tech, org.id),
    admin: await issueKey(admin, org.id),
    outsider: await issueKey(outsiderOrg.users[1], outsiderOrg.org.id),
    noKey: null,
    revoked,
  };
  const bucket = expectOk(
    await actAs(
      owner,
      createBucketDefinition,
      org.id,
      { name: bucketName(), zone: 'ch-gva-2' },
      null,
    ),
  ).data as { id: string };
  const f: Fixture = {
    orgId: org.id,
    owner,
    targetUserId: target.id,
    invitationId: invitation!.id,
    instanceId: '',
    bucketId: bucket.id,
  };
  f.instanceId = await instanceIn(f, 'running');
  return { f, keys };
}

const bucketName = () => `matrix-${randomUUID().slice(0, 13)}`;

async function settle() {
  clock.advance(60_000);
  await runSettle(db, clock.now());
}

/** A new instance of the organization (made by its owner), settled into `state`. */
async function instanceIn(f: Fixture, state: 'running' | 'stopped'): Promise<string> {
  const { id } = expectOk(
    await actAs(
      f.owner,
      createInstanceDefinition,
      f.orgId,
      { name: 'matrix-web', type: 'micro', zone: 'ch-gva-2' },
      null,
    ),
  ).data as { id: string };
  await settle();
  if (state === 'stopped') {
    expectOk(await actAs(f.owner, stopInstanceDefinition, f.orgId, { instanceId: id }, null));
    await settle();
  }
  return id;
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
  const resources = await db
    .select({ id: instances.id, state: instances.state })
    .from(instances)
    .where(eq(instances.accountId, orgId))
    .orderBy(asc(instances.id));
  const storage = await db
    .select({ id: buckets.id, state: buckets.state })
    .from(buckets)
    .where(eq(buckets.accountId, orgId))
    .orderBy(asc(buckets.id));
  return {
    account,
    members,
    pending,
    paid: paid!.n,
    audited: audited!.n,
    resources,
    storage,
  };
}

const card = { number: TEST_CARDS.success, expiry: '12/30', cvc: '737' };

interface Row {
  endpoint: Endpoint;
  /** Puts the organization in the state the call needs, before each caller's call. */
  prepare?: (f: Fixture) => Promise<void>;
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
  // Resources: Owner and Tech. The outsider's own organization is SUSPENDED (never funded).
  { endpoint: listInstancesEndpoint, request: () => ({}), expected: ok(200, 200, 403) },
  {
    endpoint: getInstanceEndpoint,
    request: (f) => ({ params: { instanceId: f.instanceId } }),
    expected: ok(200, 200, 403, 404),
  },
  {
    endpoint: createInstanceEndpoint,
    request: () => ({ body: { name: 'api-web', type: 'micro', zone: 'de-fra-1' } }),
    expected: ok(201, 201, 403, 409),
  },
  ...(
    [
      [startInstanceEndpoint, 'stopped'],
      [stopInstanceEndpoint, 'running'],
      [rebootInstanceEndpoint, 'running'],
      [deleteInstanceEndpoint, 'running'],
    ] as const
  ).map(
    ([endpoint, state]): Row => ({
      endpoint,
      prepare: async (f) => {
        f.instanceId = await instanceIn(f, state);
      },
      request: (f) => ({ params: { instanceId: f.instanceId } }),
      expected: ok(200, 200, 403, 404),
    }),
  ),
  { endpoint: listBucketsEndpoint, request: () => ({}), expected: ok(200, 200, 403) },
  {
    endpoint: getBucketEndpoint,
    request: (f) => ({ params: { bucketId: f.bucketId } }),
    expected: ok(200, 200, 403, 404),
  },
  {
    endpoint: createBucketEndpoint,
    request: () => ({ body: { name: bucketName(), zone: 'ch-gva-2' } }),
    expected: ok(201, 201, 403, 409),
  },
  {
    endpoint: deleteBucketEndpoint,
    prepare: async (f) => {
      const created = expectOk(
        await actAs(
          f.owner,
          createBucketDefinition,
          f.orgId,
          { name: bucketName(), zone: 'ch-gva-2' },
          null,
        ),
      );
      f.bucketId = (created.data as { id: string }).id;
    },
    request: (f) => ({ params: { bucketId: f.bucketId } }),
    expected: ok(204, 204, 403, 404),
  },
];

it('has a row for every endpoint of the API', () => {
  const covered = new Set(MATRIX.map((row) => row.endpoint));
  const missing = ENDPOINTS.filter((e) => !covered.has(e)).map((e) => e.spec.path);
  expect(missing).toEqual([]);
});

describe.each(MATRIX.map((row) => [`${row.endpoint.spec.method} ${row.endpoint.spec.path}`, row]))(
  '%s',
  (_name, row) => {
    it('answers each caller as the permission table says; refusals change nothing', async () => {
      const { f, keys } = await fixture();
      // Refusals first (the organization must be untouched after each), then the successes.
      const order: Who[] = ['noKey', 'revoked', 'outsider', 'tech', 'admin', 'owner'];
      for (const who of order) {
        const expected = who === 'noKey' || who === 'revoked' ? 401 : row.expected[who];
        await row.prepare?.(f);
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
