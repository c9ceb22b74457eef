import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { lockAccount } from '@/lib/accounts/lock';

/** Waits until some statement of this database waits for a lock (PostgreSQL server only). */
export async function untilSomeoneWaitsForALock(db: Db) {
  for (let i = 0; i < 250; i++) {
    const { rows } = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`);
    if (Number(rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('nobody waited for the lock');
}

/**
 * Runs `action` while another transaction holds the account lock. The action's transaction
 * waits for that lock; only then does the holder apply `change` and commit, so the action
 * proceeds against the changed state.
 */
export async function whileLocked<T>(
  db: Db,
  accountId: string,
  change: (tx: Tx) => Promise<unknown>,
  action: () => Promise<T>,
): Promise<T> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.transaction(async (tx) => {
    await lockAccount(tx, accountId);
    locked();
    await gate;
    await change(tx);
  });
  await isLocked;
  const pending = action();
  try {
    await untilSomeoneWaitsForALock(db);
  } finally {
    release();
    await holder;
  }
  return pending;
}
