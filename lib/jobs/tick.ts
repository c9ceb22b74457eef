import type { Db } from '@/db/client';
import { runMeter, type MeterRun } from '@/lib/billing/metering';
import { now } from '@/lib/clock';
import { runSettle } from '@/lib/resources/settle';

/**
 * One tick of the meter job (the schedule, `npm run meter`, the test clock): first settle the
 * transitions that are due — each charged at its transitional rate up to its own settle time —
 * then meter everything up to `at` at the settled rates.
 */
export async function meterTick(
  db: Db,
  at: Date = now(),
  options: { notify?: boolean } = {},
): Promise<MeterRun & { settled: number }> {
  const settled = await runSettle(db, at);
  const run = await runMeter(db, at, options);
  return { ...run, settled };
}
