import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { statusForBalance } from './status';

/**
 * The ledger invariant, for every account in the database: its balance equals the sum of its
 * ledger entries, and its status is the one statusForBalance derives. Call it after every test
 * that touches money (afterEach).
 */
export async function expectLedgerConsistent(db: Db): Promise<void> {
  const result = await db.execute<{
    id: string;
    balance: string;
    status: string;
    ledger_sum: string;
    entries: string;
  }>(sql`
    select a.id, a.balance::text as balance, a.status::text as status,
           coalesce(sum(l.amount), 0)::text as ledger_sum, count(l.id)::text as entries
    from accounts a left join ledger_entries l on l.account_id = a.id
    group by a.id, a.balance, a.status`);
  const rows = result.rows;
  expect(rows.length).toBeGreaterThan(0);
  const wrong = rows.filter(
    (r) =>
      r.balance !== r.ledger_sum ||
      r.status !== statusForBalance(Number(r.balance)) ||
      !Number.isSafeInteger(Number(r.balance)),
  );
  expect(wrong, 'accounts whose balance, ledger and status disagree').toEqual([]);
}
