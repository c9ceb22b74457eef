// `npm run bench`: prints figures for the speed targets (no pass/fail timing in tests).
// Today: the account menu / Organizations list for a user in 500 organizations.
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { closeDb, getDatabase } from '@/db/client';
import { users } from '@/db/schema';
import { MANY_ORGS_USER, seed } from '@/db/seed';
import { listUserAccounts } from '@/lib/accounts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  if (!process.env.DATABASE_URL) process.env.PGLITE_DATA_DIR = 'memory://';
  const { db, driver } = await getDatabase();
  try {
    await seed(db, { manyOrgs: true });
    await db.execute(sql`analyze`);
    const [user] = await db.select().from(users).where(eq(users.email, MANY_ORGS_USER.email));
    if (!user) throw new Error('seed did not create the many-organizations user');

    for (let i = 0; i < 20; i++) await listUserAccounts(db, user.id); // warm-up
    const runs = 200;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      rows = (await listUserAccounts(db, user.id)).length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const plan = await db.execute<{ 'QUERY PLAN': string }>(
      sql`explain select a.id from memberships m join accounts a on a.id = m.account_id where m.user_id = ${user.id}`,
    );
    console.log(`driver: ${driver}`);
    console.log(`account menu for a user in ${rows - 1} organizations (+ personal), ${runs} runs:`);
    console.log(
      `  p50 ${percentile(times, 50).toFixed(2)} ms · p95 ${percentile(times, 95).toFixed(2)} ms · max ${times[times.length - 1]!.toFixed(2)} ms`,
    );
    console.log('  plan:');
    for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
