import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { bucketNames, buckets, instances, ledgerEntries } from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import { runMeter } from '@/lib/billing/metering';
import type { ManualClock } from '@/lib/clock';
import { createTeam, onlyAuditEvent } from '@/test/factories';
import { createBucketDefinition } from './actions';
import { instanceType } from './catalog';
import { createInstanceAs, fund, HOUR, newInstance, withClockedTests } from './test-helpers';

// Concurrency on a real PostgreSQL server (several connections): quotas, global bucket names
// and the meter hold under parallel requests.

let db: Db;
let clock: ManualClock;

withClockedTests((database, manual) => {
  db = database;
  clock = manual;
});

describe('in parallel on PostgreSQL', () => {
  it('30 parallel creates against a quota of 20 end with exactly 20 instances', async () => {
    const { org, users } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    await fund(db, org.id, 100 * 10_000);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        createInstanceAs(users[i % 2]!, org, { name: `node-${i}` }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(r).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/quota of 20/) });
    }
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(instances)
      .where(eq(instances.accountId, org.id));
    expect(Number(row?.n)).toBe(20);
  });

  it('one bucket name claimed by 10 accounts at once goes to exactly one', async () => {
    const teams = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const team = await createTeam(db, 'Owner');
        await fund(db, team.org.id, 100 * 10_000);
        return team;
      }),
    );
    const name = `race-${teams[0]!.org.id.slice(0, 8)}`;
    const results = await Promise.all(
      teams.map(({ org, users }) =>
        executeAccountAction(createBucketDefinition, {
          principal: users[0].principal,
          accountId: org.id,
          input: { name, zone: 'ch-gva-2' },
          ip: null,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r).toMatchObject({ kind: 'rejected', field: 'name' });
    }
    const live = await db.select().from(buckets).where(eq(buckets.name, name));
    expect(live).toHaveLength(1);
    const [claim] = await db.select().from(bucketNames).where(eq(bucketNames.name, name));
    expect(claim).toMatchObject({ accountId: live[0]!.accountId, bucketId: live[0]!.id });
    await onlyAuditEvent(db, live[0]!.accountId, 'bucket.created');
  });

  it('10 parallel meter runs charge the period once', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    await fund(db, org.id, 100 * 10_000);
    await newInstance(db, users[0], org, { type: 'large' });
    clock.advance(5 * HOUR);
    const at = clock.now();
    const runs = await Promise.all(Array.from({ length: 10 }, () => runMeter(db, at)));
    expect(runs.filter((r) => r.accounts > 0)).toHaveLength(1);
    const entries = await db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, org.id), eq(ledgerEntries.kind, 'usage')));
    expect(entries.map((e) => e.amount)).toEqual([-5 * instanceType('large')!.hourlyRate]);
  });
});
