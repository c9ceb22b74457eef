// `npm run meter`: runs one meter tick (settles due transitions, then charges every resource up to
// now, posts one usage entry per account) on the configured database, and prints the result.
import { closeDb, getDatabase } from '@/db/client';
import { meterTick } from '@/lib/jobs/tick';
import { formatMoney } from '@/lib/money';

async function main() {
  const { db, driver } = await getDatabase();
  try {
    const started = performance.now();
    const run = await meterTick(db);
    const ms = (performance.now() - started).toFixed(0);
    console.log(
      `[meter] ${driver}: ${run.settled} transitions settled, ${run.resources} resources charged up to ${run.at.toISOString()}, ` +
        `${run.accounts} accounts posted, ${formatMoney(run.charged)} in total, in ${ms} ms` +
        (run.suspended.length ? `; suspended: ${run.suspended.join(', ')}` : '') +
        (run.warned.length ? `; low-balance warnings: ${run.warned.join(', ')}` : ''),
    );
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(`[meter] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
