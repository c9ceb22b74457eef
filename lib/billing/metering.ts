import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { now } from '@/lib/clock';
import { takeCharges } from './accrual';
import { sendBalanceNotices } from './balance-emails';
import { postUsageCharges } from './ledger';

// Arbitrary constant: one meter run at a time across every process sharing the database.
const METER_LOCK_ID = 7_310_424;

export interface MeterRun {
  at: Date;
  /** Accounts posted to (one usage entry each). */
  accounts: number;
  /** Resources charged for some time in this run. */
  resources: number;
  /** Units charged in total. */
  charged: number;
  suspended: string[];
  warned: string[];
}

/**
 * Locks, in id order, every account with something to meter: live resources or charges not yet
 * posted. Every job that locks several accounts does so in id order and before any resource
 * row, and actions lock their one account first, so the meter never deadlocks with them; while
 * it runs, actions on these accounts wait (they would change what it charges).
 */
async function lockMeteredAccounts(tx: DbOrTx): Promise<string[]> {
  const result = await tx.execute<{ id: string }>(sql`
    select a.id from accounts a
     where a.id in (select account_id from instances where state <> 'deleted' or unposted_charge > 0
                    union
                    select account_id from buckets where state = 'active' or unposted_charge > 0)
     order by a.id for no key update`);
  return result.rows.map((r) => r.id);
}

/**
 * The meter (`npm run meter`, the scheduled job, the test clock): charges every resource
 * from its last charged time to `at`, records the usage per resource and day, and posts one
 * usage entry per account — all in one transaction, in a fixed number of set-based statements.
 * Runs are serialised by an advisory lock, and each advances metered_until to what it
 * charged, so a second run (or a parallel one from another process) finds nothing left to
 * charge for that period. Emails (suspension, low balance) go out after the commit.
 */
export async function runMeter(
  db: Db,
  at: Date = now(),
  options: { notify?: boolean } = {},
): Promise<MeterRun> {
  const run = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${METER_LOCK_ID})`);
    const accountIds = await lockMeteredAccounts(tx);
    const { charges, resources } = await takeCharges(tx, accountIds, at);
    const posted = await postUsageCharges(tx, charges, {
      description: `Resource usage until ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      at,
    });
    return {
      at,
      accounts: posted.length,
      resources,
      charged: charges.reduce((sum, c) => sum + c.amount, 0),
      suspended: posted.filter((p) => p.suspended).map((p) => p.accountId),
      warned: posted.filter((p) => p.lowBalanceWarning && !p.suspended).map((p) => p.accountId),
    };
  });
  if (options.notify === false) return run; // replaying history (the demo seed)
  await sendBalanceNotices(db, { suspended: run.suspended, lowBalance: run.warned }).catch(
    (error: unknown) => console.error('[meter] sending balance emails failed', error),
  );
  return run;
}
