import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { buckets, emailOutbox, instances, type Account } from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import { postLedgerEntry } from '@/lib/billing/ledger';
import { expectLedgerConsistent } from '@/lib/billing/test-helpers';
import { ManualClock, setClock } from '@/lib/clock';
import { expectOk, type TestUser } from '@/test/factories';
import { createBucketDefinition, createInstanceDefinition } from './actions';

// Shared set-up of the resource and meter integration tests.

export const HOUR = 3_600_000;

/** A manual clock installed for the process, starting at a fixed UTC instant. */
export function installClock(start = new Date('2026-11-10T08:00:00.000Z')): ManualClock {
  const clock = new ManualClock(start);
  setClock(clock);
  return clock;
}

/**
 * The hooks of every resource and meter test file: before each test, the database and a
 * fresh manual clock (handed to `use`); after it, the ledger must add up and the wall clock
 * is back.
 */
export function withClockedTests(use: (db: Db, clock: ManualClock) => void) {
  let db: Db;
  beforeEach(async () => {
    db = await getDb();
    use(db, installClock());
  });
  afterEach(async () => {
    await expectLedgerConsistent(db);
    setClock(null);
  });
}

/**
 * Credits `units` through the ledger as an operator adjustment, making the account active (a
 * `payment` entry must name a payment row, which these tests do not need).
 */
export async function fund(db: Db, accountId: string, units: number) {
  return db.transaction((tx) =>
    postLedgerEntry(tx, {
      accountId,
      kind: 'adjustment',
      amount: units,
      description: 'Test funds',
    }),
  );
}

export async function createInstanceAs(
  user: TestUser,
  org: Account,
  input: { name?: string; type?: string; zone?: string } = {},
) {
  return executeAccountAction(createInstanceDefinition, {
    principal: user.principal,
    accountId: org.id,
    input: { name: 'web-1', type: 'small', zone: 'ch-gva-2', ...input },
    ip: null,
  });
}

/** Creates an instance and returns its row (the action must succeed). */
export async function newInstance(
  db: Db,
  user: TestUser,
  org: Account,
  input: { name?: string; type?: string; zone?: string } = {},
) {
  expectOk(await createInstanceAs(user, org, input));
  const rows = await db
    .select()
    .from(instances)
    .where(eq(instances.accountId, org.id))
    .orderBy(instances.createdAt);
  return rows[rows.length - 1]!;
}

export async function newBucket(db: Db, user: TestUser, org: Account, name: string) {
  expectOk(
    await executeAccountAction(createBucketDefinition, {
      principal: user.principal,
      accountId: org.id,
      input: { name, zone: 'de-fra-1' },
      ip: null,
    }),
  );
  const [bucket] = await db
    .select()
    .from(buckets)
    .where(and(eq(buckets.accountId, org.id), eq(buckets.name, name)));
  return bucket!;
}

export async function instanceRow(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select()
    .from(instances)
    .where(and(eq(instances.accountId, accountId), eq(instances.id, id)));
  return row!;
}

export async function emailsTo(db: Db, address: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
}
