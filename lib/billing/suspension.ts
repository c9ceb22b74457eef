import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accrue, RUNNING_RATE_STATES, uuidArray } from './accrual';

const RUNNING_IN = sql.raw(RUNNING_RATE_STATES.map((s) => `'${s}'`).join(', '));

/**
 * A suspended account runs nothing (DESIGN §1): its instances that run, start, reboot or stop
 * are stopped at once — charged at the running rate up to `at` first, then at the stopped
 * rate. They stay stopped after a payment until someone starts them. Part of what suspension
 * means, so it lives with the status rule: called by the ledger, in the transaction whose
 * posting suspended the accounts (which holds their locks).
 */
export async function stopInstancesOfSuspended(
  tx: DbOrTx,
  accountIds: readonly string[],
  at: Date,
): Promise<number> {
  if (accountIds.length === 0) return 0;
  const running = sql`r.state in (${RUNNING_IN})`;
  await accrue(tx, 'instances', { accountIds, at, where: running });
  const result = await tx.execute(sql`
    update instances r set state = 'stopped', settle_at = null
     where r.account_id = any(${uuidArray(accountIds)}) and ${running}`);
  return result.rowCount ?? 0;
}
