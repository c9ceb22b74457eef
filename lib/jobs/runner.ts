import type PgBoss from 'pg-boss';
import { getDatabase } from '@/db/client';
import { retryQueuedEmails } from '@/lib/email/retry';
import { runSettle } from '@/lib/resources/settle';
import { emailRetrySeconds, jobRunnerEnabled, meterIntervalSeconds } from './config';
import { registerEmailRetryScheduler, registerSettleScheduler } from './schedule';
import { meterTick } from './tick';

// Domain: jobs (lib/jobs/). Owns the background work: the meter on a schedule, the settling
// of transitional states a few seconds after each request, and the retry of queued emails.
// May import: db/, shared helpers, billing/, resources/ and email/retry (it runs their
// functions); nothing imports the runner but
// instrumentation.ts (requests reach it through jobs/schedule.ts, which imports no domain).
// On a PostgreSQL server they run through pg-boss (jobs and the
// cron schedule live in the database, so any number of app instances share them and a
// scheduled run happens once); on the embedded PGlite (one process by construction) plain
// timers are enough. Started once per process from instrumentation.ts.

export const METER_QUEUE = 'meter';
export const SETTLE_QUEUE = 'resources-settle';
export const EMAIL_RETRY_QUEUE = 'email-retry';

type Runner =
  | { kind: 'pg-boss'; boss: PgBoss }
  | {
      kind: 'timers';
      intervals: NodeJS.Timeout[];
      settle: (delayMs: number) => void;
      retryEmails: () => void;
    };

const state = globalThis as unknown as { alpenglowJobs?: Promise<Runner | null> };

const logFailure = (job: string) => (error: unknown) =>
  console.error(`[jobs] ${job} failed`, error);

/**
 * The meter's cron (pg-boss schedules have minute granularity): every N minutes below an
 * hour, every N hours from an hour on (rounded; at least every minute, at most daily).
 */
export function meterCron(intervalSeconds: number): string {
  const minutes = Math.max(1, Math.round(intervalSeconds / 60));
  if (minutes === 1) return '* * * * *';
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.min(24, Math.round(minutes / 60));
  return hours === 1 ? '0 * * * *' : hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}

async function startPgBoss(url: string): Promise<Runner> {
  const { default: PgBossClass } = await import('pg-boss');
  const boss = new PgBossClass({
    connectionString: url,
    max: 3,
    application_name: 'alpenglow-jobs',
  });
  boss.on('error', logFailure('pg-boss'));
  await boss.start();
  const { db } = await getDatabase();
  // stately: at most one meter run queued and one active, however many instances schedule.
  await boss.createQueue(METER_QUEUE, { name: METER_QUEUE, policy: 'stately' });
  await boss.createQueue(SETTLE_QUEUE, { name: SETTLE_QUEUE, policy: 'standard' });
  await boss.schedule(METER_QUEUE, meterCron(meterIntervalSeconds()), {}, { tz: 'UTC' });
  await boss.work(METER_QUEUE, async () => {
    await meterTick(db);
  });
  await boss.work(SETTLE_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    await runSettle(db);
  });
  // Emails whose provider failed: a sweep soon after each failure and again while some stay
  // queued (stately: one waiting at a time, however many failures), every minute as a safety
  // net.
  await boss.createQueue(EMAIL_RETRY_QUEUE, { name: EMAIL_RETRY_QUEUE, policy: 'stately' });
  await boss.schedule(EMAIL_RETRY_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(EMAIL_RETRY_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    const run = await retryQueuedEmails(db);
    // Still failing: the next sweep EMAIL_RETRY_SECONDS from now, not only at the next minute.
    if (run.queued > 0) {
      await boss.send(EMAIL_RETRY_QUEUE, {}, { startAfter: emailRetrySeconds() });
    }
  });
  return { kind: 'pg-boss', boss };
}

async function startTimers(): Promise<Runner> {
  const { db } = await getDatabase();
  const meter = setInterval(() => {
    meterTick(db).catch(logFailure('meter'));
  }, meterIntervalSeconds() * 1000);
  const retry = () => retryQueuedEmails(db).catch(logFailure('email retry'));
  const emails = setInterval(retry, emailRetrySeconds() * 1000);
  const intervals = [meter, emails];
  for (const interval of intervals) interval.unref();
  const later = (delayMs: number, job: () => unknown) => setTimeout(job, delayMs).unref();
  return {
    kind: 'timers',
    intervals,
    settle: (delayMs) => later(delayMs, () => runSettle(db).catch(logFailure('settle'))),
    retryEmails: () => later(emailRetrySeconds() * 1000, retry),
  };
}

/** Starts the jobs of this process (once; JOB_RUNNER=off starts none). */
export function startJobRunner(): Promise<Runner | null> {
  if (!jobRunnerEnabled()) return Promise.resolve(null);
  state.alpenglowJobs ??= (async () => {
    const { driver } = await getDatabase();
    const url = process.env.DATABASE_URL;
    const runner = driver === 'postgres' && url ? await startPgBoss(url) : await startTimers();
    registerSettleScheduler((delaySeconds) => scheduleOn(runner, delaySeconds));
    registerEmailRetryScheduler(() => retryEmailsOn(runner));
    console.info(`[jobs] started (${runner.kind})`);
    return runner;
  })().catch((error: unknown) => {
    logFailure('starting the job runner')(error);
    state.alpenglowJobs = undefined;
    return null;
  });
  return state.alpenglowJobs;
}

/** Stops this process's jobs (tests). */
export async function stopJobRunner(): Promise<void> {
  const runner = await state.alpenglowJobs;
  state.alpenglowJobs = undefined;
  registerSettleScheduler(null);
  registerEmailRetryScheduler(null);
  if (runner?.kind === 'pg-boss') await runner.boss.stop({ graceful: true, wait: true });
  if (runner?.kind === 'timers') runner.intervals.forEach(clearInterval);
}

/** Settles `delaySeconds` from now (a little after, so the job finds the transition due). */
async function scheduleOn(runner: Runner, delaySeconds: number): Promise<void> {
  const delay = Math.ceil(delaySeconds) + 1;
  if (runner.kind === 'timers') return runner.settle(delay * 1000);
  await runner.boss.send(SETTLE_QUEUE, {}, { startAfter: delay });
}

/** A sweep of the queued emails EMAIL_RETRY_SECONDS from now. */
async function retryEmailsOn(runner: Runner): Promise<void> {
  if (runner.kind === 'timers') return runner.retryEmails();
  await runner.boss.send(EMAIL_RETRY_QUEUE, {}, { startAfter: emailRetrySeconds() });
}
