import { z } from 'zod';
import { getDb } from '@/db/client';
import { advanceTestClock, isTestClockEnabled, now } from '@/lib/clock';
import { meterTick } from '@/lib/jobs/tick';

// The test clock (end-to-end tests only): exists only when the server runs with
// ALPENGLOW_TEST_CLOCK=1, and is a 404 otherwise. Advancing it moves the time resources and
// the meter live by, then settles due transitions and runs the meter at the new time, so a
// test can simulate hours of usage without sleeping.

export const dynamic = 'force-dynamic';

const advanceSchema = z.object({
  // At most a year per call; whole seconds.
  seconds: z
    .number()
    .int()
    .min(0)
    .max(366 * 86_400),
});

const notFound = () => Response.json({ error: { code: 'not_found' } }, { status: 404 });

export async function GET() {
  if (!isTestClockEnabled()) return notFound();
  return Response.json({ now: now().toISOString() });
}

export async function POST(request: Request) {
  if (!isTestClockEnabled()) return notFound();
  const body: unknown = await request.json().catch(() => null);
  const parsed = advanceSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json(
      { error: { code: 'invalid', message: 'Send {"seconds": <whole seconds ≥ 0>}.' } },
      { status: 400 },
    );
  }
  const at = advanceTestClock(parsed.data.seconds * 1000);
  const db = await getDb();
  const meter = await meterTick(db, at);
  return Response.json({
    now: at.toISOString(),
    settled: meter.settled,
    meter: { accounts: meter.accounts, charged: meter.charged, suspended: meter.suspended },
  });
}
