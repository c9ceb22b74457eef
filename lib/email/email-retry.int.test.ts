import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { emailOutbox, invitations } from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import { paymentDefinition, RECEIPT_QUEUED } from '@/lib/billing/payments';
import { TEST_CARDS, testCardProvider } from '@/lib/billing/providers/test-card';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { startJobRunner, stopJobRunner } from '@/lib/jobs/runner';
import { actAs, createTeam, expectOk } from '@/test/factories';

// The email provider failing: the invitation and the payment (and its receipt) are recorded
// all the same, the answer says the email is queued, and the job queue (pg-boss on a server,
// the timer on PGlite) sends it once the provider — a stand-in of Resend's API driven by the
// real SDK — accepts again. The message that finally leaves carries the real link; the outbox
// then keeps it masked.

const ENV = { RESEND_API_KEY: 're_test_retry', EMAIL_RETRY_SECONDS: '1' } as const;
const saved = Object.fromEntries(
  [...Object.keys(ENV), 'RESEND_BASE_URL'].map((k) => [k, process.env[k]]),
);

let db: Db;
let server: http.Server;
let failing = true;
const received: Array<{ to: string[]; subject: string; html: string; key: string | undefined }> =
  [];
let attempts = 0;

beforeAll(async () => {
  db = await getDb();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      attempts++;
      res.setHeader('content-type', 'application/json');
      if (failing) {
        res.writeHead(503);
        res.end(JSON.stringify({ statusCode: 503, name: 'application_error', message: 'down' }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        to: string | string[];
        subject: string;
        html: string;
      };
      const key = req.headers['idempotency-key'] as string | undefined;
      received.push({ ...body, to: [body.to].flat(), key });
      res.writeHead(200);
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, ENV, {
    RESEND_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
  const runner = await startJobRunner();
  if (!runner) throw new Error('the job runner did not start');
});

afterAll(async () => {
  await stopJobRunner();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.restoreAllMocks();
});

async function outboxTo(address: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the email provider failing, then recovering', () => {
  it('records the invitation and the payment, says the emails are queued, sends them later', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    const owner = users[0];
    const invitee = `invitee-${randomUUID()}@x.test`;

    const invited = expectOk(
      await actAs(owner, inviteMembersDefinition, org.id, { emails: invitee, role: 'tech' }, null),
    );
    expect(invited.message).toBe(
      `Invitation to ${invitee} recorded. Our email provider did not accept the email just now: ` +
        'it is queued and will be sent automatically.',
    );
    const [invitation] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, org.id), eq(invitations.email, invitee)));
    expect(invitation?.status).toBe('pending');

    const paid = await executeAccountAction(paymentDefinition(testCardProvider), {
      principal: owner.principal,
      accountId: org.id,
      input: {
        amount: '50.00',
        idempotencyKey: randomUUID(),
        cardNumber: TEST_CARDS.success,
        cardExpiry: '12/30',
        cardCvc: '123',
      },
      ip: null,
    });
    expect(paid.ok && paid.outcome.message.endsWith(RECEIPT_QUEUED)).toBe(true);

    // Queued with the real link (it has not left yet); the sweep keeps trying meanwhile.
    const [queued] = await outboxTo(invitee);
    expect(queued).toMatchObject({ status: 'queued', error: expect.stringContaining('503') });
    expect(queued!.html).toMatch(/invitation#[A-Za-z0-9_-]{32,}/);
    const before = attempts;
    await until('a retry while the provider is still down', async () => attempts > before);
    expect((await outboxTo(invitee))[0]?.status).toBe('queued');

    failing = false;
    await until('the queued emails to leave', async () => {
      const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.status, 'queued'));
      return rows.length === 0;
    });
    const [sent] = await outboxTo(invitee);
    expect(sent).toMatchObject({ status: 'sent', providerMessageId: expect.any(String) });
    expect(sent!.html).not.toMatch(/invitation#[A-Za-z0-9_-]{32,}/);
    const delivered = received.filter((m) => m.to.includes(invitee));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.html).toContain(queued!.html.match(/invitation#[A-Za-z0-9_-]{32,}/)![0]);
    expect(delivered[0]!.key).toBe(`outbox-${sent!.id}`);
    expect(received.some((m) => m.subject.startsWith('Your Alpenglow receipt'))).toBe(true);
  }, 120_000);
});
