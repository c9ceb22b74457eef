import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { buckets } from '@/db/schema';
import { lockAccount } from '@/lib/accounts/lock';
import { postLedgerEntry } from '@/lib/billing/ledger';
import { ManualClock, setClock } from '@/lib/clock';
import { meterTick } from '@/lib/jobs/tick';
import { UNITS_PER_MAJOR } from '@/lib/money';
import { createBucket } from '@/lib/resources/buckets';
import { applyInstanceOperation, createInstance } from '@/lib/resources/instances';
import { listInstances } from '@/lib/resources/queries';
import { DRAIN_ID, ORBIT_ID } from './demo';
import { ensureOrganization, type SeedMembers, type SeedPeople } from './organizations';

// Demo resources and their history, played through the domain functions and the real meter
// (run once per simulated day), so the Overview chart, the usage breakdown and the ledger
// show what the meter really produces.

const DAY = 86_400_000;

export interface TimelineEvent {
  daysAgo: number;
  run: (tx: Tx, at: Date) => Promise<unknown>;
}

/** The seed's transitions settle at once (the day's meter run applies them). */
const SETTLE = 0;

type Instances = Parameters<typeof createInstance>[3];

function createInstances(accountId: string, userId: string, specs: Instances[]) {
  return async (tx: Tx, at: Date) => {
    for (const spec of specs) {
      const account = await lockAccount(tx, accountId);
      await createInstance(tx, account, userId, spec, at, SETTLE);
    }
  };
}

function stopInstance(accountId: string, name: string) {
  return async (tx: Tx, at: Date) => {
    const account = await lockAccount(tx, accountId);
    const { items } = await listInstances(tx, accountId, { limit: 200 });
    const row = items.find((instance) => instance.name === name);
    if (row) await applyInstanceOperation(tx, account, row.id, 'stop', at, SETTLE);
  };
}

function createBuckets(
  accountId: string,
  userId: string,
  specs: Array<{ name: string; zone: Instances['zone']; objects: number; bytes: number }>,
) {
  return async (tx: Tx, at: Date) => {
    for (const spec of specs) {
      const account = await lockAccount(tx, accountId);
      const bucket = await createBucket(tx, account, userId, spec, at);
      // What a bucket holds is simulated and written by nothing in the product: the demo
      // buckets get plausible contents here.
      await tx
        .update(buckets)
        .set({ objectCount: spec.objects, sizeBytes: spec.bytes })
        .where(and(eq(buckets.accountId, accountId), eq(buckets.id, bucket.id)));
    }
  };
}

/** Acme Corp: three instances and two buckets for 40 days, a batch machine for a week. */
export function acmeResourceEvents(accountId: string, userId: string): TimelineEvent[] {
  return [
    {
      daysAgo: 40,
      run: createInstances(accountId, userId, [
        { name: 'web-1', type: 'medium', zone: 'ch-gva-2' },
        { name: 'db-1', type: 'large', zone: 'ch-gva-2' },
        { name: 'worker-1', type: 'small', zone: 'de-fra-1' },
      ]),
    },
    {
      daysAgo: 38,
      run: createBuckets(accountId, userId, [
        { name: 'acme-assets', zone: 'ch-gva-2', objects: 12_408, bytes: 3_221_225_472 },
        { name: 'acme-backups', zone: 'ch-dk-2', objects: 311, bytes: 48_318_382_080 },
      ]),
    },
    {
      daysAgo: 20,
      run: createInstances(accountId, userId, [
        { name: 'batch-1', type: 'xlarge', zone: 'de-fra-1' },
      ]),
    },
    { daysAgo: 12, run: stopInstance(accountId, 'batch-1') },
    { daysAgo: 5, run: stopInstance(accountId, 'worker-1') },
  ];
}

/** Dormant GmbH: two instances on a small payment, until the funds ran out. */
export function dormantResourceEvents(accountId: string, userId: string): TimelineEvent[] {
  return [
    {
      daysAgo: 20,
      run: createInstances(accountId, userId, [
        { name: 'app-1', type: 'small', zone: 'at-vie-1' },
        { name: 'app-2', type: 'micro', zone: 'bg-sof-1' },
      ]),
    },
  ];
}

/**
 * Plays the events day by day from the oldest, each day's events in one transaction at 09:00
 * UTC of that day, and runs the meter at the end of every day (and finally now). The clock is
 * the seed's own and is put back afterwards. No emails: this is history.
 */
export async function playTimeline(db: Db, events: TimelineEvent[], end = new Date()) {
  const oldest = Math.max(0, ...events.map((e) => e.daysAgo));
  const today = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  const clock = new ManualClock(new Date(today - oldest * DAY));
  setClock(clock);
  try {
    for (let daysAgo = oldest; daysAgo >= 0; daysAgo--) {
      const midnight = today - daysAgo * DAY;
      const morning = new Date(Math.min(midnight + 9 * 3_600_000, end.getTime()));
      for (const event of events.filter((e) => e.daysAgo === daysAgo)) {
        await db.transaction((tx) => event.run(tx, morning));
      }
      const close = new Date(Math.min(midnight + DAY, end.getTime()));
      await meterTick(db, close, { notify: false });
    }
  } finally {
    setClock(null);
  }
}

/**
 * The resources end-to-end fixtures (idempotent): "Orbit Labs" funded with 100.00 and
 * "Drain Test Org" with 2.00 (credited as adjustments), each with alice as Owner, chloe as
 * Admin and Theo as Tech.
 */
export async function seedResourceFixtures(db: Db, people: SeedPeople) {
  const fixtures = [
    { id: ORBIT_ID, name: 'Orbit Labs', credit: 100 * UNITS_PER_MAJOR },
    { id: DRAIN_ID, name: 'Drain Test Org', credit: 2 * UNITS_PER_MAJOR },
  ];
  for (const org of fixtures) {
    const details = {
      name: org.name,
      billingName: `${org.name} AG`,
      billingEmail: 'billing@orbit.example',
    };
    await db.transaction(async (tx) => {
      const members: SeedMembers = [
        [people.alice, 'owner'],
        [people.chloe, 'admin'],
        [people.theo, 'tech'],
      ];
      if (!(await ensureOrganization(tx, org.id, details, members))) return;
      await postLedgerEntry(tx, {
        accountId: org.id,
        kind: 'adjustment',
        amount: org.credit,
        description: 'Demo credit',
      });
    });
  }
}
