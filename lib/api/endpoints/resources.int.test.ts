import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, auditEvents } from '@/db/schema';
import { postLedgerEntry } from '@/lib/billing/ledger';
import { expectLedgerConsistent } from '@/lib/billing/test-helpers';
import { setClock, type ManualClock } from '@/lib/clock';
import { runSettle } from '@/lib/resources/settle';
import { fund, installClock } from '@/lib/resources/test-helpers';
import { call, issueKey, type KeyPair } from '@/test/api';
import { createTeam, createUser, expectOk, memberActions } from '@/test/factories';
import { listPaymentsEndpoint } from './payments';
import { snapshotDatabase as snapshotAll } from '@/test/world';
import type { Endpoint } from '../endpoint';
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

// Instances and buckets through /api/v1: the console's lifecycle as API statuses, another
// account's ids as 404, pagination, Idempotency-Key, and a SUSPENDED account's creates and
// starts refused with 409 `account_suspended` (changing nothing).

let db: Db;
let clock: ManualClock;

beforeEach(async () => {
  db = await getDb();
  clock = installClock();
});
afterEach(async () => {
  await expectLedgerConsistent(db);
  setClock(null);
});

const CHF = 10_000;

/**
 * Every table but what any authenticated request writes: its rate-limit count and the key's
 * "last used" time. Equal snapshots: the request changed nothing of any account.
 */
async function snapshotDatabase(database: Db) {
  const all = await snapshotAll(database);
  return Object.fromEntries(
    Object.entries(all).filter(([table]) => table !== 'rate_limits' && table !== 'api_keys'),
  );
}

interface ApiInstance {
  id: string;
  name: string;
  state: string;
  runningRate: { amount: string };
}

/** An organization funded with CHF 50 and its owner's key pair. */
async function fundedOrg() {
  const { org, users } = await createTeam(db, 'Owner', ['Tech', 'tech']);
  await fund(db, org.id, 50 * CHF);
  return { orgId: org.id, pair: await issueKey(users[0], org.id), users };
}

async function settle() {
  clock.advance(10_000);
  await runSettle(db, clock.now());
}

const newInstance = async (pair: KeyPair, name = 'web-1') => {
  const result = await call(createInstanceEndpoint, {
    pair,
    body: { name, type: 'small', zone: 'ch-gva-2' },
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body as ApiInstance;
};

const act = (endpoint: Endpoint, pair: KeyPair, id: string) =>
  call(endpoint, { pair, params: { instanceId: id } });

async function walk(endpoint: Endpoint, pair: KeyPair) {
  const seen: Array<{ id: string }> = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
    const result = await call(endpoint, { pair, query });
    expect(result.status).toBe(200);
    const body = result.body as { data: Array<{ id: string }>; next_cursor: string | null };
    seen.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

describe('instances', () => {
  it('create, read, stop, start, reboot and delete follow the lifecycle', async () => {
    const { orgId, pair } = await fundedOrg();
    const created = await newInstance(pair, 'Web-1');
    expect(created).toMatchObject({
      name: 'web-1',
      type: 'small',
      state: 'starting',
      runningRate: { amount: '0.0250', currency: 'CHF' },
    });
    // Still starting: only a running instance can be stopped (the domain's rule → 422).
    const early = await act(stopInstanceEndpoint, pair, created.id);
    expect(early).toMatchObject({ status: 422, body: { error: { code: 'rejected' } } });
    await settle();
    expect((await act(getInstanceEndpoint, pair, created.id)).body).toMatchObject({
      state: 'running',
      settlesAt: null,
    });
    expect(await act(stopInstanceEndpoint, pair, created.id)).toMatchObject({
      status: 200,
      body: { state: 'stopping' },
    });
    await settle();
    expect((await act(startInstanceEndpoint, pair, created.id)).body).toMatchObject({
      state: 'starting',
    });
    await settle();
    expect((await act(rebootInstanceEndpoint, pair, created.id)).body).toMatchObject({
      state: 'rebooting',
    });
    expect((await act(deleteInstanceEndpoint, pair, created.id)).body).toMatchObject({
      state: 'destroying',
    });
    expect((await act(deleteInstanceEndpoint, pair, created.id)).status).toBe(422);
    await settle();
    expect((await act(getInstanceEndpoint, pair, created.id)).status).toBe(404);
    const actions = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.accountId, orgId));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'instance.created',
        'instance.stopped',
        'instance.started',
        'instance.rebooted',
        'instance.deleted',
      ]),
    );
  });

  it('another account’s, an unknown or a malformed id is 404 on every operation', async () => {
    const mine = await fundedOrg();
    const theirs = await fundedOrg();
    const foreign = await newInstance(theirs.pair);
    await settle();
    const before = await snapshotDatabase(db);
    for (const id of [foreign.id, randomUUID(), 'not-a-uuid']) {
      for (const endpoint of [
        getInstanceEndpoint,
        startInstanceEndpoint,
        stopInstanceEndpoint,
        rebootInstanceEndpoint,
        deleteInstanceEndpoint,
      ]) {
        const result = await act(endpoint, mine.pair, id);
        expect(result.status, `${endpoint.spec.path} ${id}`).toBe(404);
      }
    }
    // The other account's instance is untouched (and an accountId in the body is refused).
    expect(await snapshotDatabase(db)).toEqual(before);
    const smuggled = await call(createInstanceEndpoint, {
      pair: mine.pair,
      body: { name: 'x', type: 'micro', zone: 'ch-gva-2', accountId: theirs.orgId },
    });
    expect(smuggled.status).toBe(400);
    expect(await snapshotDatabase(db)).toEqual(before);
  });

  it('bad input is 400 on its field; the list pages through every instance once', async () => {
    const { pair } = await fundedOrg();
    const bad = await call(createInstanceEndpoint, {
      pair,
      body: { name: '-bad-', type: 'huge', zone: 'mars-1' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as { error: { fields: object } }).error.fields).sort()).toEqual([
      'name',
      'type',
      'zone',
    ]);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await newInstance(pair, `web-${i}`)).id);
      clock.advance(1);
    }
    const listed = await walk(listInstancesEndpoint, pair);
    expect(listed.map((i) => i.id)).toEqual([...made].reverse());
    const wrong = await call(listInstancesEndpoint, { pair, query: { cursor: 'nonsense' } });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error: { fields: { cursor: expect.any(Array) } } },
    });
  });

  it('Idempotency-Key: a retried create makes one instance; another body is 409', async () => {
    const { pair } = await fundedOrg();
    const headers = { 'idempotency-key': randomUUID() };
    const body = { name: 'once', type: 'micro', zone: 'de-fra-1' };
    const first = await call(createInstanceEndpoint, { pair, headers, body });
    const again = await call(createInstanceEndpoint, { pair, headers, body });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await call(createInstanceEndpoint, {
      pair,
      headers,
      body: { ...body, name: 'twice' },
    });
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const listed = await call(listInstancesEndpoint, { pair });
    expect((listed.body as { data: unknown[] }).data).toHaveLength(1);
  });
});

describe('a SUSPENDED account', () => {
  it('refuses creates and starts with 409 account_suspended and changes nothing', async () => {
    const { orgId, pair } = await fundedOrg();
    const instance = await newInstance(pair, 'kept');
    await settle();
    expect((await act(stopInstanceEndpoint, pair, instance.id)).status).toBe(200);
    await settle();
    const [account] = await db.select().from(accounts).where(eq(accounts.id, orgId));
    await db.transaction((tx) =>
      postLedgerEntry(tx, {
        accountId: orgId,
        kind: 'usage',
        amount: -account!.balance,
        description: 'Drained by the test',
      }),
    );
    const before = await snapshotDatabase(db);
    const refusals = [
      await call(createInstanceEndpoint, {
        pair,
        body: { name: 'new', type: 'micro', zone: 'ch-gva-2' },
      }),
      await act(startInstanceEndpoint, pair, instance.id),
      await call(createBucketEndpoint, {
        pair,
        body: { name: `b-${randomUUID()}`, zone: 'ch-gva-2' },
      }),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(409);
      expect(refusal.body).toMatchObject({
        error: {
          code: 'account_suspended',
          message: expect.stringMatching(/is SUSPENDED: .* until a payment/),
        },
      });
    }
    expect(await snapshotDatabase(db)).toEqual(before);
    // Deleting is still allowed: a suspended account can stop paying for what it holds.
    expect((await act(deleteInstanceEndpoint, pair, instance.id)).status).toBe(200);
  });

  it('a new personal account (balance 0) cannot create before its first payment', async () => {
    const user = await createUser(db, 'New');
    const pair = await issueKey(user, user.personalAccountId);
    const result = await call(createInstanceEndpoint, {
      pair,
      body: { name: 'first', type: 'micro', zone: 'ch-gva-2' },
    });
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'account_suspended' } } });
    expect(await call(listInstancesEndpoint, { pair })).toMatchObject({
      status: 200,
      body: { data: [], next_cursor: null },
    });
  });
});

describe('buckets', () => {
  it('create, read, list and delete; a taken name is 422 on name; others’ ids are 404', async () => {
    const { pair } = await fundedOrg();
    const other = await fundedOrg();
    const name = `api-${randomUUID().slice(0, 8)}`;
    const created = await call(createBucketEndpoint, { pair, body: { name, zone: 'at-vie-1' } });
    expect(created).toMatchObject({
      status: 201,
      body: { name, zone: 'at-vie-1', objectCount: 0, rate: { amount: '0.0020' } },
    });
    const { id } = created.body as { id: string };
    expect((await call(getBucketEndpoint, { pair, params: { bucketId: id } })).status).toBe(200);
    const taken = await call(createBucketEndpoint, {
      pair: other.pair,
      body: { name, zone: 'ch-gva-2' },
    });
    expect(taken).toMatchObject({
      status: 422,
      body: { error: { fields: { name: expect.any(Array) } } },
    });
    for (const endpoint of [getBucketEndpoint, deleteBucketEndpoint]) {
      const result = await call(endpoint, { pair: other.pair, params: { bucketId: id } });
      expect(result.status).toBe(404);
    }
    for (let i = 0; i < 3; i++) {
      await call(createBucketEndpoint, { pair, body: { name: `${name}-${i}`, zone: 'ch-gva-2' } });
      clock.advance(1);
    }
    expect(await walk(listBucketsEndpoint, pair)).toHaveLength(4);
    expect((await call(deleteBucketEndpoint, { pair, params: { bucketId: id } })).status).toBe(204);
    expect((await call(getBucketEndpoint, { pair, params: { bucketId: id } })).status).toBe(404);
    // Its name is free again, for anyone.
    const reused = await call(createBucketEndpoint, {
      pair: other.pair,
      body: { name, zone: 'ch-gva-2' },
    });
    expect(reused.status).toBe(201);
  });
});

describe('the key acts with its member’s role, read on every request', () => {
  it('a Tech’s key lists instances until demoted to Admin, then pays; removed, it is 401', async () => {
    const {
      orgId,
      users: [owner, tech],
    } = await fundedOrg();
    const pair = await issueKey(tech, orgId);
    const { changeRole, remove } = memberActions(null);
    expect((await call(listInstancesEndpoint, { pair })).status).toBe(200);
    expect((await call(listPaymentsEndpoint, { pair })).status).toBe(403);
    expectOk(await changeRole(owner, orgId, tech.id, 'admin'));
    expect((await call(listInstancesEndpoint, { pair })).status).toBe(403);
    expect((await call(listPaymentsEndpoint, { pair })).status).toBe(200);
    expectOk(await remove(owner, orgId, tech.id));
    expect((await call(listPaymentsEndpoint, { pair })).status).toBe(401);
  });
});
