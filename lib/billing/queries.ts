import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { ledgerEntries, type LedgerEntry } from '@/db/schema';

export async function listLedger(
  db: DbOrTx,
  accountId: string,
  limit = 50,
): Promise<LedgerEntry[]> {
  return db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.balanceAfter))
    .limit(limit);
}

export interface BalancePoint {
  at: Date;
  balance: number;
}

export interface BalanceSeries {
  from: Date;
  to: Date;
  /** The balance at `from` (after the last entry before the window). */
  opening: number;
  points: BalancePoint[];
}

/** The balance over [from, to]: one point per ledger entry, for the billing chart. */
export async function balanceSeries(
  db: DbOrTx,
  accountId: string,
  from: Date,
  to: Date = new Date(),
): Promise<BalanceSeries> {
  const [before] = await db
    .select({ balanceAfter: ledgerEntries.balanceAfter })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), lt(ledgerEntries.createdAt, from)))
    .orderBy(desc(ledgerEntries.createdAt))
    .limit(1);
  const rows = await db
    .select({ at: ledgerEntries.createdAt, balance: ledgerEntries.balanceAfter })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), gte(ledgerEntries.createdAt, from)))
    .orderBy(asc(ledgerEntries.createdAt))
    .limit(5_000);
  return { from, to, opening: before?.balanceAfter ?? 0, points: rows };
}
