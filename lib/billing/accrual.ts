import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * Accrual: charge metered resources for the time since they were last charged, at the rate of
 * their current state, in one set-based statement per table (no per-resource round trips).
 *
 * Exactness: a resource's charge over [t0, t1) is (remainder + rate × ms) / 3,600,000 in
 * integer arithmetic (rate in units per hour, ms whole milliseconds), and the remainder of that
 * division is stored and carried into the next accrual. So however the time is cut into runs,
 * the total charged equals floor(rate × total ms / 3,600,000): exact to 1 unit (CHF 0.0001).
 * The time not yet charged (sub-millisecond) stays before metered_until, which advances by
 * whole milliseconds.
 *
 * Usage is recorded per resource, kind and UTC day (a run spanning midnight is split; the
 * pieces' charges are differences of the same floor, so they add up to the run's charge).
 * Charges are collected on the resource (unposted_charge) and posted to the ledger by the
 * meter as one entry per account. Callers hold the lock of every account they accrue.
 */

export const MS_PER_HOUR = 3_600_000;

/** States billed at the running rate: the machine is reserved while it starts or stops. */
export const RUNNING_RATE_STATES = ['starting', 'running', 'rebooting', 'stopping'] as const;

const RUNNING_IN = sql.raw(RUNNING_RATE_STATES.map((s) => `'${s}'`).join(', '));

const TABLES = {
  instances: {
    table: sql.raw('instances'),
    rate: sql`case when r.state in (${RUNNING_IN}) then r.running_rate
                   when r.state = 'stopped' then r.stopped_rate else 0 end`,
    kind: sql`case when r.state in (${RUNNING_IN}) then 'instance_running'
                   when r.state = 'stopped' then 'instance_stopped' end::usage_kind`,
    live: sql`r.state <> 'deleted'`,
  },
  buckets: {
    table: sql.raw('buckets'),
    rate: sql`case when r.state = 'active' then r.rate else 0 end`,
    kind: sql`case when r.state = 'active' then 'bucket' end::usage_kind`,
    live: sql`r.state = 'active'`,
  },
} as const;

export type MeteredTable = keyof typeof TABLES;

/** A uuid[] parameter (ids are uuids from our own rows or validated input). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

export function timestamp(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}

export interface AccrueOptions {
  /** Only resources of these accounts (whose rows the caller has locked). */
  accountIds: readonly string[];
  /** Charge up to this instant... */
  at: Date;
  /** ...or up to each resource's settle_at (when earlier), for instances settling late. */
  untilSettle?: boolean;
  /** An extra condition on the resource row `r`. */
  where?: SQL;
}

export interface AccountCharge {
  accountId: string;
  /** Units to post: this accrual's charges plus what was unposted before. */
  amount: number;
  /** Resources charged for some time. */
  resources: number;
}

/**
 * Accrues the live resources of one table. Without `take`, the charges are added to each
 * resource's unposted_charge (actions, settling, suspension). With `take` (the meter) they
 * are taken for posting instead: unposted_charge is reset in the same update, and the totals
 * per account are returned — so the meter writes each resource row once per run.
 */
export async function accrue(
  tx: DbOrTx,
  tableName: MeteredTable,
  options: AccrueOptions & { take?: boolean },
): Promise<AccountCharge[]> {
  if (options.accountIds.length === 0) return [];
  const result = await tx.execute<{ account_id: string; amount: string; resources: number }>(
    accrualStatement(tableName, options),
  );
  return result.rows.map((r) => ({
    accountId: r.account_id,
    amount: Number(r.amount),
    resources: Number(r.resources),
  }));
}

/** The accrual statement itself (the benchmark prints its plan). */
export function accrualStatement(
  tableName: MeteredTable,
  options: AccrueOptions & { take?: boolean },
): SQL {
  const { table, rate, kind, live } = TABLES[tableName];
  const target = options.untilSettle
    ? sql`least(${timestamp(options.at)}, coalesce(r.settle_at, ${timestamp(options.at)}))`
    : timestamp(options.at);
  return sql`
    with seg as (
      select r.account_id, r.id, r.name, ${kind} as kind, (${rate})::bigint as rate,
             r.meter_remainder as rem, r.metered_until as t0, r.unposted_charge as unposted,
             floor(extract(epoch from (${target} - r.metered_until)) * 1000)::bigint as ms
        from ${table} r
       where r.account_id = any(${uuidArray(options.accountIds)}) and ${live}
         and r.metered_until < ${target} ${options.where ? sql`and ${options.where}` : sql``}
    ),
    span as (
      select seg.*, seg.t0 + seg.ms * interval '1 millisecond' as t1 from seg where seg.ms > 0
    ),
    pieces as (
      select s.account_id, s.id, s.name, s.kind, s.rate, s.rem, d.day::date as day,
             floor(extract(epoch from (greatest(s.t0, d.day at time zone 'UTC') - s.t0))
                   * 1000)::bigint as from_ms,
             floor(extract(epoch from (least(s.t1, (d.day + interval '1 day') at time zone 'UTC')
                   - s.t0)) * 1000)::bigint as to_ms
        from span s
       cross join lateral generate_series(
             date_trunc('day', s.t0 at time zone 'UTC'), s.t1 at time zone 'UTC',
             interval '1 day') as d(day)
       where s.kind is not null
    ),
    recorded as (
      insert into usage_records as u
             (account_id, resource_id, kind, day, resource_name, quantity_ms, amount)
      select account_id, id, kind, day, name, to_ms - from_ms,
             (rem + rate * to_ms) / ${MS_PER_HOUR} - (rem + rate * from_ms) / ${MS_PER_HOUR}
        from pieces where to_ms > from_ms
      on conflict (account_id, day, resource_id, kind) do update
         set quantity_ms = u.quantity_ms + excluded.quantity_ms,
             amount = u.amount + excluded.amount,
             resource_name = excluded.resource_name
    ),
    charged as (
      update ${table} r
         set metered_until = s.t1,
             meter_remainder = (s.rem + s.rate * s.ms) % ${MS_PER_HOUR},
             unposted_charge = ${
               options.take
                 ? sql`0`
                 : sql`r.unposted_charge + (s.rem + s.rate * s.ms) / ${MS_PER_HOUR}`
             }
        from span s
       where r.account_id = s.account_id and r.id = s.id
      returning r.account_id, s.unposted + (s.rem + s.rate * s.ms) / ${MS_PER_HOUR} as taken
    )
    select account_id, sum(taken)::text as amount, count(*)::int as resources
      from charged group by account_id order by account_id`;
}

/**
 * The meter's accrual: instances and buckets of the given accounts up to `at`, their charges
 * (and any unposted ones) taken for posting; returns the totals per account.
 */
export async function takeCharges(
  tx: DbOrTx,
  accountIds: readonly string[],
  at: Date,
): Promise<{ charges: Array<{ accountId: string; amount: number }>; resources: number }> {
  const parts = [
    ...(await accrue(tx, 'instances', { accountIds, at, take: true })),
    ...(await accrue(tx, 'buckets', { accountIds, at, take: true })),
    // Charged by actions since, but not accrued now (already metered up to `at`).
    ...(await collectUnposted(tx, accountIds)),
  ];
  const totals = new Map<string, number>();
  let resources = 0;
  for (const part of parts) {
    totals.set(part.accountId, (totals.get(part.accountId) ?? 0) + part.amount);
    resources += part.resources;
  }
  const charges = [...totals].map(([accountId, amount]) => ({ accountId, amount }));
  return { charges: charges.sort((a, b) => (a.accountId < b.accountId ? -1 : 1)), resources };
}

/**
 * Takes the unposted charges left after the meter's accrual (setting them to 0), per account.
 * Two statements (sum, then reset) agree because the caller holds the accounts' locks: nothing
 * else charges their resources in between.
 */
async function collectUnposted(
  tx: DbOrTx,
  accountIds: readonly string[],
): Promise<AccountCharge[]> {
  if (accountIds.length === 0) return [];
  const scope = sql`account_id = any(${uuidArray(accountIds)}) and unposted_charge > 0`;
  const totals = await tx.execute<{ account_id: string; amount: string }>(sql`
    select account_id, sum(charge)::text as amount
      from (select account_id, unposted_charge as charge from instances where ${scope}
            union all
            select account_id, unposted_charge as charge from buckets where ${scope}) unposted
     group by account_id order by account_id`);
  await tx.execute(sql`update instances set unposted_charge = 0 where ${scope}`);
  await tx.execute(sql`update buckets set unposted_charge = 0 where ${scope}`);
  return totals.rows.map((r) => ({
    accountId: r.account_id,
    amount: Number(r.amount),
    resources: 0,
  }));
}
