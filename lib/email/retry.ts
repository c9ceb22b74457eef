import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { deliver, settledBodies } from './index';

// The retry of emails whose provider failed (status 'queued'): run by the job queue
// (lib/jobs/runner.ts: pg-boss on a server, a timer on PGlite) soon after a failure and
// periodically. Rows are taken with FOR UPDATE SKIP LOCKED, so two workers (two app
// instances) never send one message twice; Resend's idempotency key (the outbox id) covers an
// attempt whose answer was lost. A message still queued after a day is given up: 'failed'.

const BATCH = 20;
export const GIVE_UP_AFTER_HOURS = 24;

export interface RetryRun {
  sent: number;
  queued: number;
  failed: number;
}

/** Tries every queued email once (in batches); returns what became of them. */
export async function retryQueuedEmails(db: Db): Promise<RetryRun> {
  const run: RetryRun = { sent: 0, queued: 0, failed: 0 };
  const apiKey = process.env.RESEND_API_KEY;
  if (!apiKey) return run; // no provider here: the messages wait for an instance that has one
  const tried = new Set<string>();
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(emailOutbox)
        .where(
          and(
            eq(emailOutbox.status, 'queued'),
            tried.size ? notInArray(emailOutbox.id, [...tried]) : undefined,
          ),
        )
        .orderBy(asc(emailOutbox.createdAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const row of rows) {
        tried.add(row.id);
        const envelope = {
          from: row.fromAddress,
          to: row.toAddress,
          subject: row.subject,
          html: row.html,
          text: row.text,
        };
        const delivery = await deliver(apiKey, row.id, envelope);
        const expired = row.createdAt.getTime() < Date.now() - GIVE_UP_AFTER_HOURS * 3_600_000;
        const status = delivery.status === 'queued' && expired ? 'failed' : delivery.status;
        run[status]++;
        await tx
          .update(emailOutbox)
          .set({
            status,
            providerMessageId: delivery.providerMessageId,
            error: delivery.error,
            ...(status === 'queued' ? {} : settledBodies(envelope)),
          })
          .where(eq(emailOutbox.id, row.id));
      }
      return rows.length;
    });
    if (batch < BATCH) break;
  }
  if (run.sent + run.queued + run.failed > 0) {
    console.info(
      `[email] retry: ${run.sent} sent, ${run.queued} still queued, ${run.failed} failed`,
    );
  }
  return run;
}
