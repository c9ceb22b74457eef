import { randomUUID } from 'node:crypto';
import type { ReactElement } from 'react';
import { render } from '@react-email/render';
import { desc } from 'drizzle-orm';
import { Resend } from 'resend';
import { getDb } from '@/db/client';
import { emailOutbox, type EmailMessage } from '@/db/schema';
import { scheduleEmailRetry } from '@/lib/jobs/schedule';

// Domain: email (lib/email/). Owns sending: the outbox, Resend, templates and redaction. May
// import: db/, shared helpers and jobs/schedule (the door to the job queue) only; each domain writes its own messages (auth/emails,
// invitations/email, billing/receipt-email) on top of it.

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: ReactElement;
}

export type EmailStatus = 'stored' | 'sent' | 'queued' | 'failed';

export interface SendEmailResult {
  /** The email_outbox row id. */
  id: string;
  status: EmailStatus;
}

const DEFAULT_FROM = 'Alpenglow <no-reply@alpenglow.localhost>';

/**
 * Secrets in links (verification, reset, invitation tokens) never go to the server log, nor
 * into email_outbox once a message really leaves through Resend: those copies show them
 * masked. Only the dev mailbox (no Resend) and a message still queued for a retry keep the
 * real links. In HTML a query separator may be written `&amp;`.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/((?:[?&]|&amp;)token=)[A-Za-z0-9_-]{16,}/g, '$1[redacted]')
    .replace(/#[A-Za-z0-9_-]{32,}/g, '#[redacted]');
}

export interface Envelope {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface Delivery {
  /** 'queued': the provider failed or could not be reached, a retry may work. */
  status: 'sent' | 'queued' | 'failed';
  providerMessageId: string | null;
  error: string | null;
}

/**
 * One attempt through Resend. A provider error (5xx, 429) or no answer at all queues the
 * message for a retry; a refusal of the message itself (another 4xx: a malformed address)
 * fails it for good. The outbox id is Resend's idempotency key, so a retry after an attempt
 * whose answer was lost does not send twice.
 */
export async function deliver(apiKey: string, outboxId: string, envelope: Envelope) {
  try {
    // Constructed per message: the SDK reads RESEND_BASE_URL in its constructor.
    const resend = new Resend(apiKey);
    const result = await resend.emails.send(envelope, { idempotencyKey: `outbox-${outboxId}` });
    if (!result.error) {
      return { status: 'sent', providerMessageId: result.data.id, error: null } satisfies Delivery;
    }
    const code = result.error.statusCode;
    const transient = code === null || code === undefined || code >= 500 || code === 429;
    const error = `${result.error.name} (${code ?? 'no status'}): ${result.error.message}`;
    return { status: transient ? 'queued' : 'failed', providerMessageId: null, error } as Delivery;
  } catch (caught) {
    const error = caught instanceof Error ? caught.message : String(caught);
    return { status: 'queued', providerMessageId: null, error } satisfies Delivery;
  }
}

/** What email_outbox keeps of a message once it left (or will never leave): links masked. */
export const settledBodies = (envelope: Pick<Envelope, 'html' | 'text'>) => ({
  html: redactSecrets(envelope.html),
  text: redactSecrets(envelope.text),
});

/**
 * Renders and sends an email. With RESEND_API_KEY set it goes through Resend (which receives
 * the real bodies) and email_outbox keeps a copy with the link secrets masked; otherwise (the
 * embedded default) it is only stored in email_outbox, real links included, and written to
 * the server log masked; the development mailbox shows it. Every message is recorded in
 * email_outbox. A provider failure does not throw: the message is recorded 'queued' (real
 * bodies kept until it leaves) and the job queue retries it (lib/email/retry.ts); a message
 * the provider refused is recorded 'failed'.
 */
export async function sendEmail(message: OutgoingEmail): Promise<SendEmailResult> {
  const { to, subject, body } = message;
  const from = process.env.EMAIL_FROM || DEFAULT_FROM;
  const html = await render(body);
  const text = await render(body, { plainText: true });
  const db = await getDb();
  const apiKey = process.env.RESEND_API_KEY;

  if (!apiKey) {
    const [row] = await db
      .insert(emailOutbox)
      .values({ toAddress: to, fromAddress: from, subject, html, text, status: 'stored' })
      .returning({ id: emailOutbox.id });
    console.info(
      `[email] to=${to} subject=${subject} (open /dev/mailbox for its links)\n${redactSecrets(text)}`,
    );
    return { id: mustExist(row).id, status: 'stored' };
  }

  const id = randomUUID();
  const envelope = { from, to, subject, html, text };
  const delivery = await deliver(apiKey, id, envelope);
  if (delivery.error !== null) {
    console.error(`[email] sending to=${to} subject=${subject} failed: ${delivery.error}`);
  }
  // A sent message's links are live in someone's inbox: the outbox copy (readable by anyone
  // with database access) must not be a second way to use them. A queued one keeps them until
  // it leaves: the retry sends these bodies.
  const bodies = delivery.status === 'queued' ? { html, text } : settledBodies(envelope);
  await db.insert(emailOutbox).values({
    id,
    toAddress: to,
    fromAddress: from,
    subject,
    ...bodies,
    status: delivery.status,
    providerMessageId: delivery.providerMessageId,
    error: delivery.error,
  });
  if (delivery.status === 'queued') await scheduleEmailRetry();
  return { id, status: delivery.status };
}

/** The most recent messages of the outbox, newest first. */
export async function listOutbox(limit = 50): Promise<EmailMessage[]> {
  const db = await getDb();
  return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}

function mustExist<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('email_outbox insert returned no row');
  return row;
}
