import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { usageRecords, type UsageKind } from '@/db/schema';
import { RUNNING_RATE_STATES, MS_PER_HOUR } from './accrual';

// Reading usage for the Overview (spend this month, forecast, spend by day) and Billing (per
// resource breakdown of a month). All from usage_records, whose rows are exactly what was
// charged, per resource and UTC day.

/** A calendar month in UTC: `YYYY-MM`. */
export interface Month {
  start: Date;
  end: Date;
  key: string;
}

export function monthOf(date: Date): Month {
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return { start, end, key: start.toISOString().slice(0, 7) };
}

/** Parses `YYYY-MM` (years 2000–2999); null for anything else. */
export function parseMonth(raw: string | undefined | null): Month | null {
  const match = /^(2\d{3})-(0[1-9]|1[0-2])$/.exec(raw ?? '');
  if (!match) return null;
  return monthOf(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** The `count` months up to and including `date`'s, newest first (the month picker). */
export function recentMonths(date: Date, count = 12): Month[] {
  return Array.from({ length: count }, (_, i) =>
    monthOf(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i, 1))),
  );
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Charged per UTC day in [from, to) — days without usage are absent. */
export async function spendByDay(
  db: DbOrTx,
  accountId: string,
  from: Date,
  to: Date,
): Promise<Array<{ day: string; amount: number }>> {
  const rows = await db
    .select({ day: usageRecords.day, amount: sql<string>`sum(${usageRecords.amount})::text` })
    .from(usageRecords)
    .where(
      and(
        eq(usageRecords.accountId, accountId),
        gte(usageRecords.day, day(from)),
        lt(usageRecords.day, day(to)),
      ),
    )
    .groupBy(usageRecords.day)
    .orderBy(usageRecords.day);
  return rows.map((r) => ({ day: r.day, amount: Number(r.amount) }));
}

/** What the account's live resources cost per hour right now (units). */
export async function hourlyBurn(db: DbOrTx, accountId: string): Promise<number> {
  const running = sql.raw(RUNNING_RATE_STATES.map((s) => `'${s}'`).join(', '));
  const result = await db.execute<{ burn: string }>(sql`
    select (coalesce((select sum(case when state in (${running}) then running_rate
                                      when state = 'stopped' then stopped_rate else 0 end)
                        from instances where account_id = ${accountId}), 0)
          + coalesce((select sum(rate) from buckets
                       where account_id = ${accountId} and state = 'active'), 0))::text as burn`);
  return Number(result.rows[0]?.burn ?? 0);
}

export interface MonthSpend {
  spent: number;
  /** Spent so far plus the current hourly cost until the end of the month. */
  forecast: number;
  burn: number;
  days: Array<{ day: string; amount: number }>;
}

export async function monthSpend(db: DbOrTx, accountId: string, now: Date): Promise<MonthSpend> {
  const month = monthOf(now);
  const [days, burn] = await Promise.all([
    spendByDay(db, accountId, month.start, month.end),
    hourlyBurn(db, accountId),
  ]);
  const spent = days.reduce((sum, d) => sum + d.amount, 0);
  const remainingMs = Math.max(0, month.end.getTime() - now.getTime());
  return { spent, burn, days, forecast: spent + Math.round((burn * remainingMs) / MS_PER_HOUR) };
}

export interface UsageLine {
  resourceId: string;
  resourceName: string;
  kind: UsageKind;
  hours: number;
  amount: number;
}

/** A month's usage per resource and kind, most expensive first. */
export async function usageBreakdown(
  db: DbOrTx,
  accountId: string,
  month: Month,
): Promise<UsageLine[]> {
  const rows = await db
    .select({
      resourceId: usageRecords.resourceId,
      kind: usageRecords.kind,
      resourceName: sql<string>`max(${usageRecords.resourceName})`,
      ms: sql<string>`sum(${usageRecords.quantityMs})::text`,
      amount: sql<string>`sum(${usageRecords.amount})::text`,
    })
    .from(usageRecords)
    .where(
      and(
        eq(usageRecords.accountId, accountId),
        gte(usageRecords.day, day(month.start)),
        lt(usageRecords.day, day(month.end)),
      ),
    )
    .groupBy(usageRecords.resourceId, usageRecords.kind)
    .orderBy(sql`sum(${usageRecords.amount}) desc`, usageRecords.resourceId)
    .limit(1_000);
  return rows.map((r) => ({
    resourceId: r.resourceId,
    resourceName: r.resourceName,
    kind: r.kind,
    hours: Number(r.ms) / MS_PER_HOUR,
    amount: Number(r.amount),
  }));
}
