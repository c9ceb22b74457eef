import type { ReactElement } from 'react';
import { render } from '@react-email/render';
import { desc } from 'drizzle-orm';
import { Resend } from 'resend';
import { getDb } from '@/db/client';
import { emailOutbox, type EmailMessage } from '@/db/schema';

// Domain: email (lib/email/). Owns sending: the outbox, Resend, templates and redaction. May
// import: db/ and shared helpers only; each domain writes its own messages (auth/emails,
// invitations/email, billing/receipt-email) on top of it.

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: ReactElement;
}

export type EmailStatus = 'stored' | 'sent' | 'failed';

export interface SendEmailResult {
  /** The email_outbox row id. */
  id: string;
  status: EmailStatus;
}

const DEFAULT_FROM = 'Alpenglow <no-reply@alpenglow.localhost>';

/**
 * Secrets in links (verification, reset, invitation tokens) never go to the server log, nor
 * into email_outbox once a message really leaves through Resend: those copies show them
 * masked. Only the dev mailbox (no Resend) stores and shows the real links. In HTML a query
 * separator may be written `&amp;`.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/((?:[?&]|&amp;)token=)[A-Za-z0-9_-]{16,}/g, '$1[redacted]')
    .replace(/#[A-Za-z0-9_-]{32,}/g, '#[redacted]');
}

/**
 * Renders and sends an email. With RESEND_API_KEY set it goes through Resend (which receives
 * the real bodies) and email_outbox keeps a copy with the link secrets masked; otherwise (the
 * embedded default) it is only stored in email_outbox, real links included, and written to
 * the server log masked; the development mailbox shows it. Every message is recorded in
 * email_outbox. A provider failure does not throw: it is logged and reported as status
 * 'failed'.
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

  let status: 'sent' | 'failed';
  let providerMessageId: string | null = null;
  let error: string | null = null;
  try {
    // Constructed per message: the SDK reads RESEND_BASE_URL in its constructor.
    const resend = new Resend(apiKey);
    const result = await resend.emails.send({ from, to, subject, html, text });
    if (result.error) {
      status = 'failed';
      const code = result.error.statusCode ?? 'no status';
      error = `${result.error.name} (${code}): ${result.error.message}`;
    } else {
      status = 'sent';
      providerMessageId = result.data.id;
    }
  } catch (caught) {
    status = 'failed';
    error = caught instanceof Error ? caught.message : String(caught);
  }
  if (error !== null) console.error(`[email] sending to=${to} subject=${subject} failed: ${error}`);

  const [row] = await db
    .insert(emailOutbox)
    .values({
      toAddress: to,
      fromAddress: from,
      subject,
      // A sent message's links are live in someone's inbox: the outbox copy (readable by
      // anyone with database access) must not be a second way to use them.
      html: redactSecrets(html),
      text: redactSecrets(text),
      status,
      providerMessageId,
      error,
    })
    .returning({ id: emailOutbox.id });
  return { id: mustExist(row).id, status };
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
