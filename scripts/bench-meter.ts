// The meter at scale (the last part of `npm run bench`; alone: `npx tsx scripts/bench-meter.ts`):
// BENCH_METER_INSTANCES running instances (default 100,000) across BENCH_METER_ACCOUNTS
// accounts (default 1,000), metered for one hour, then once more an hour later (the steady
// state: every usage row of the day updated), with the accrual statement's plan.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { closeDb, getDatabase, type Db } from '@/db/client';
import { accrualStatement } from '@/lib/billing/accrual';
import { runMeter } from '@/lib/billing/metering';

const HOUR = 3_600_000;

export async function meterBench(db: Db, instanceCount: number, accountCount: number) {
  const start = new Date(Date.UTC(2030, 0, 15, 8)); // a fixed day, away from any seed data
  const seeded = performance.now();
  const ids = await db.transaction(async (tx) => {
    const accounts = await tx.execute<{ id: string }>(sql`
      insert into accounts (kind, name, status, balance)
      select 'organization', 'Bench Meter Org ' || n, 'active', 1000000000000
        from generate_series(1, ${accountCount}) as n
      returning id`);
    const list = accounts.rows.map((r) => r.id);
    await tx.execute(sql`
      insert into instances (account_id, name, type, zone, state, running_rate, stopped_rate,
                             metered_until, created_at)
      select a.ids[1 + (n % ${accountCount})], 'bench-' || n, 'small', 'ch-gva-2', 'running',
             250, 25, ${start.toISOString()}::timestamptz, ${start.toISOString()}::timestamptz
        from generate_series(1, ${instanceCount}) as n,
             (select array_agg(id) as ids from unnest(${`{${list.join(',')}}`}::uuid[]) as id) a`);
    return list;
  });
  await db.execute(sql`analyze`);
  console.log(
    `meter: ${instanceCount.toLocaleString('en-US')} running instances across ${accountCount.toLocaleString('en-US')} accounts (seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s)`,
  );
  for (const [label, hours] of [
    ['first run (1 h, new usage rows)', 1],
    ['second run (1 h later, usage rows updated)', 2],
  ] as const) {
    const t = performance.now();
    const run = await runMeter(db, new Date(start.getTime() + hours * HOUR), { notify: false });
    const seconds = ((performance.now() - t) / 1000).toFixed(2);
    console.log(
      `  ${label}: ${seconds} s · ${run.resources.toLocaleString('en-US')} resources · ${run.accounts} ledger entries · ${run.charged} units`,
    );
  }
  let plan: Array<{ 'QUERY PLAN': string }> = [];
  await db
    .transaction(async (tx) => {
      const explained = await tx.execute<{ 'QUERY PLAN': string }>(
        sql`explain (analyze, buffers, costs off) ${accrualStatement('instances', {
          accountIds: ids,
          at: new Date(start.getTime() + 3 * HOUR),
        })}`,
      );
      plan = explained.rows;
      tx.rollback(); // only the plan is wanted
    })
    .catch(() => {}); // the rollback
  console.log('  accrual plan (explain analyze, rolled back):');
  for (const row of plan) console.log(`    ${row['QUERY PLAN']}`);
}

const invokedDirectly = process.argv[1]?.replace(/\\/g, '/').endsWith('scripts/bench-meter.ts');
if (invokedDirectly) {
  (async () => {
    if (!process.env.DATABASE_URL) process.env.PGLITE_DATA_DIR = 'memory://';
    const { db, driver } = await getDatabase();
    console.log(`driver: ${driver}`);
    try {
      await meterBench(
        db,
        Number(process.env.BENCH_METER_INSTANCES ?? 100_000),
        Number(process.env.BENCH_METER_ACCOUNTS ?? 1_000),
      );
    } finally {
      await closeDb();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
