import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { now } from '@/lib/clock';
import { accrue, timestamp, uuidArray } from '@/lib/billing/accrual';

/**
 * The simulated hypervisor: a transitional state settles into the next one at its settle_at
 * (starting → running, rebooting → running, stopping → stopped, destroying → deleted). Each
 * due instance is first charged up to its own settle_at at the rate of its transitional state,
 * so a settle job that runs late never charges the old rate for the delay. Set-based: one
 * accrual and one update for all due instances of the (locked) accounts.
 */
export async function settleDue(
  tx: DbOrTx,
  accountIds: readonly string[],
  at: Date,
): Promise<number> {
  if (accountIds.length === 0) return 0;
  const due = sql`r.settle_at <= ${timestamp(at)}`;
  await accrue(tx, 'instances', { accountIds, at, untilSettle: true, where: due });
  const result = await tx.execute(sql`
    update instances r
       set state = (case r.state when 'starting' then 'running' when 'rebooting' then 'running'
                                 when 'stopping' then 'stopped' when 'destroying' then 'deleted'
                                 else r.state::text end)::instance_state,
           deleted_at = case when r.state = 'destroying' then r.settle_at else r.deleted_at end,
           settle_at = null
     where r.account_id = any(${uuidArray(accountIds)}) and ${due}`);
  return result.rowCount ?? 0;
}

/** Locks (in id order, like every multi-account job) the accounts with a due transition. */
export async function lockAccountsWithDueTransitions(tx: DbOrTx, at: Date): Promise<string[]> {
  const result = await tx.execute<{ id: string }>(sql`
    select a.id from accounts a
     where a.id in (select account_id from instances where settle_at <= ${timestamp(at)})
     order by a.id for no key update`);
  return result.rows.map((r) => r.id);
}

/** The settle job: applies every due transition (between meter runs). */
export async function runSettle(db: Db, at: Date = now()): Promise<number> {
  return db.transaction(async (tx) => {
    const accountIds = await lockAccountsWithDueTransitions(tx, at);
    return settleDue(tx, accountIds, at);
  });
}
