import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { accounts, bucketNames, buckets, instances } from '@/db/schema';
import { executeAccountAction, type AccountActionDefinition } from '@/lib/actions/core';
import { postLedgerEntry } from '@/lib/billing/ledger';
import type { ManualClock } from '@/lib/clock';
import {
  actAs,
  createTeam,
  expectInvalid,
  expectOk,
  expectRejected,
  onlyAuditEvent,
  rowCounts,
  type TestUser,
} from '@/test/factories';
import {
  createBucketDefinition,
  createInstanceDefinition,
  deleteBucketDefinition,
  deleteInstanceDefinition,
  rebootInstanceDefinition,
  startInstanceDefinition,
  stopInstanceDefinition,
} from './actions';
import { runSettle } from './settle';
import {
  createInstanceAs,
  fund,
  withClockedTests,
  instanceRow,
  newBucket,
  newInstance,
} from './test-helpers';

let db: Db;
let clock: ManualClock;

withClockedTests((database, manual) => {
  db = database;
  clock = manual;
});

const CHF = 10_000;

async function fundedTeam() {
  const team = await createTeam(db, 'Owner', ['Tech', 'tech'], ['Admin', 'admin']);
  await fund(db, team.org.id, 50 * CHF);
  const [org] = await db.select().from(accounts).where(eq(accounts.id, team.org.id));
  return { org: org!, owner: team.users[0], tech: team.users[1], admin: team.users[2] };
}

function run<S extends z.ZodType>(
  definition: AccountActionDefinition<S>,
  user: TestUser,
  accountId: string,
  input: unknown,
) {
  return actAs(user, definition, accountId, input, '203.0.113.9');
}

const OPERATIONS = [
  startInstanceDefinition,
  stopInstanceDefinition,
  rebootInstanceDefinition,
  deleteInstanceDefinition,
];

describe('instances', () => {
  it('lets a Tech create, stop, start, reboot and delete, each audited with its actor', async () => {
    const { org, tech } = await fundedTeam();
    const created = await newInstance(db, tech, org, { name: 'Web-1 ', type: 'medium' });
    expect(created).toMatchObject({ name: 'web-1', state: 'starting', type: 'medium' });
    const event = await onlyAuditEvent(db, org.id, 'instance.created');
    expect(event).toMatchObject({ actorUserId: tech.id, targetId: created.id });

    clock.advance(5_000);
    await runSettle(db, clock.now());
    expect((await instanceRow(db, org.id, created.id)).state).toBe('running');

    const steps = [
      [stopInstanceDefinition, 'stopping', 'stopped', 'instance.stopped'],
      [startInstanceDefinition, 'starting', 'running', 'instance.started'],
      [rebootInstanceDefinition, 'rebooting', 'running', 'instance.rebooted'],
      [deleteInstanceDefinition, 'destroying', 'deleted', 'instance.deleted'],
    ] as const;
    for (const [definition, transitional, settled, action] of steps) {
      expectOk(await run(definition, tech, org.id, { instanceId: created.id }));
      expect((await instanceRow(db, org.id, created.id)).state).toBe(transitional);
      expect(await onlyAuditEvent(db, org.id, action)).toMatchObject({ actorUserId: tech.id });
      clock.advance(5_000);
      await runSettle(db, clock.now());
      expect((await instanceRow(db, org.id, created.id)).state).toBe(settled);
    }
  });

  it('refuses an operation the state does not allow, with the reason', async () => {
    const { org, owner } = await fundedTeam();
    const instance = await newInstance(db, owner, org);
    const message = expectRejected(
      await run(startInstanceDefinition, owner, org.id, { instanceId: instance.id }),
    );
    expect(message).toBe('web-1 is starting: only a stopped instance can be started.');
  });

  it('gives an Admin 403 on every resource action, and changes nothing', async () => {
    const { org, owner, admin } = await fundedTeam();
    const instance = await newInstance(db, owner, org);
    const bucket = await newBucket(db, owner, org, `b-${org.id.slice(0, 8)}`);
    const before = await rowCounts(db, { instances, buckets });
    const attempts = [
      () =>
        run(createInstanceDefinition, admin, org.id, {
          name: 'x',
          type: 'small',
          zone: 'ch-gva-2',
        }),
      ...OPERATIONS.map((d) => () => run(d, admin, org.id, { instanceId: instance.id })),
      () => run(createBucketDefinition, admin, org.id, { name: 'admin-bucket', zone: 'ch-gva-2' }),
      () => run(deleteBucketDefinition, admin, org.id, { bucketId: bucket.id }),
    ];
    for (const attempt of attempts) {
      expect(await attempt()).toEqual({ ok: false, kind: 'forbidden' });
    }
    expect(await rowCounts(db, { instances, buckets })).toEqual(before);
  });

  it("answers 404 for another account's instance or bucket, even to its own Owner", async () => {
    const first = await fundedTeam();
    const second = await fundedTeam();
    const instance = await newInstance(db, first.owner, first.org);
    const bucket = await newBucket(db, first.owner, first.org, `x-${first.org.id.slice(0, 8)}`);
    // The second team's owner acts in their own account with the first account's ids.
    for (const definition of OPERATIONS) {
      expect(
        await run(definition, second.owner, second.org.id, { instanceId: instance.id }),
      ).toEqual({ ok: false, kind: 'not_found' });
    }
    expect(
      await run(deleteBucketDefinition, second.owner, second.org.id, { bucketId: bucket.id }),
    ).toEqual({ ok: false, kind: 'not_found' });
    // And in the first account, where they are no member, the account itself is not found.
    expect(
      await run(stopInstanceDefinition, second.owner, first.org.id, { instanceId: instance.id }),
    ).toEqual({ ok: false, kind: 'not_found' });
    expect((await instanceRow(db, first.org.id, instance.id)).state).toBe('starting');
  });

  it('validates the input with field errors', async () => {
    const { org, tech } = await fundedTeam();
    const fields = expectInvalid(
      await createInstanceAs(tech, org, { name: '-bad-', type: 'huge', zone: 'mars-1' }),
    );
    expect(Object.keys(fields).sort()).toEqual(['name', 'type', 'zone']);
    expect(
      expectInvalid(await run(stopInstanceDefinition, tech, org.id, { instanceId: 'x' })),
    ).toHaveProperty('instanceId');
  });

  it('refuses create and start in a SUSPENDED account, but allows stop and delete', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    await fund(db, org.id, 5 * CHF);
    const running = await newInstance(db, owner, org, { name: 'running' });
    const other = await newInstance(db, owner, org, { name: 'other' });
    clock.advance(5_000);
    await runSettle(db, clock.now());
    expectOk(await run(stopInstanceDefinition, owner, org.id, { instanceId: other.id }));
    clock.advance(5_000);
    await runSettle(db, clock.now());
    // Drain the funds: the ledger suspends the account and stops its instances.
    await db.transaction((tx) =>
      postLedgerEntry(tx, { accountId: org.id, kind: 'usage', amount: -5 * CHF, description: 'x' }),
    );
    expect((await instanceRow(db, org.id, running.id)).state).toBe('stopped');

    const refusal = expectRejected(await createInstanceAs(owner, await reload(org.id)));
    expect(refusal).toMatch(/SUSPENDED: creating an instance is not possible/);
    expect(
      expectRejected(await run(startInstanceDefinition, owner, org.id, { instanceId: other.id })),
    ).toMatch(/SUSPENDED: starting an instance is not possible/);
    expect(
      expectRejected(
        await run(createBucketDefinition, owner, org.id, { name: 'suspended-b', zone: 'at-vie-1' }),
      ),
    ).toMatch(/SUSPENDED: creating a bucket/);
    expectOk(await run(deleteInstanceDefinition, owner, org.id, { instanceId: other.id }));
  });

  it('holds the per-account quota with a clear error', async () => {
    const { org, owner } = await fundedTeam();
    await db.update(accounts).set({ instanceQuota: 2 }).where(eq(accounts.id, org.id));
    await newInstance(db, owner, org, { name: 'one' });
    const second = await newInstance(db, owner, org, { name: 'two' });
    expect(expectRejected(await createInstanceAs(owner, org, { name: 'three' }))).toBe(
      'This account has reached its quota of 2 instances. Delete one first, or ask support to raise the quota.',
    );
    expectOk(await run(deleteInstanceDefinition, owner, org.id, { instanceId: second.id }));
    expectOk(await createInstanceAs(owner, org, { name: 'three' }));
  });
});

async function reload(id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row!;
}

describe('buckets', () => {
  it('creates and deletes a bucket, freeing its global name', async () => {
    const { org, tech } = await fundedTeam();
    const other = await fundedTeam();
    const name = `photos-${org.id.slice(0, 8)}`;
    const bucket = await newBucket(db, tech, org, name);
    expect(await onlyAuditEvent(db, org.id, 'bucket.created')).toMatchObject({
      actorUserId: tech.id,
    });
    const taken = await run(createBucketDefinition, other.owner, other.org.id, {
      name,
      zone: 'ch-dk-2',
    });
    expect(taken).toEqual({
      ok: false,
      kind: 'rejected',
      field: 'name',
      message: `The name “${name}” is taken. Bucket names are unique across all accounts: choose another.`,
    });
    expectOk(await run(deleteBucketDefinition, tech, org.id, { bucketId: bucket.id }));
    expect(await onlyAuditEvent(db, org.id, 'bucket.deleted')).toMatchObject({
      actorUserId: tech.id,
    });
    expect(await db.select().from(bucketNames).where(eq(bucketNames.name, name))).toEqual([]);
    expectOk(
      await run(createBucketDefinition, other.owner, other.org.id, { name, zone: 'ch-dk-2' }),
    );
    const live = await db
      .select()
      .from(buckets)
      .where(and(eq(buckets.name, name), eq(buckets.state, 'active')));
    expect(live.map((b) => b.accountId)).toEqual([other.org.id]);
  });

  it('validates names like S3/SOS', async () => {
    const { org, tech } = await fundedTeam();
    const cases: Array<[string, RegExp]> = [
      ['ab', /at least 3/],
      ['a'.repeat(64), /at most 63/],
      ['192.168.1.10', /IP address/],
      ['My-Bucket', /lowercase/],
      ['my_bucket', /only lowercase letters, digits and hyphens/],
      ['-leading', /not a hyphen/],
      ['trailing-', /not a hyphen/],
    ];
    for (const [name, message] of cases) {
      const fields = expectInvalid(
        await executeAccountAction(createBucketDefinition, {
          principal: tech.principal,
          accountId: org.id,
          input: { name, zone: 'ch-gva-2' },
          ip: null,
        }),
      );
      expect(fields.name?.[0], name).toMatch(message);
    }
  });
});
