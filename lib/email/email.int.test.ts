import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createElement } from 'react';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { emailOutbox } from '@/db/schema';
import { listOutbox, redactSecrets, sendEmail } from '@/lib/email';
import { ResetPassword, VerifyEmail } from '@/lib/email/templates';

const ENV_KEYS = ['RESEND_API_KEY', 'RESEND_BASE_URL', 'EMAIL_FROM'] as const;
let savedEnv: Record<string, string | undefined> = {};

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.restoreAllMocks();
});

async function outboxRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  if (!row) throw new Error(`no email_outbox row ${id}`);
  return row;
}

function recipient(): string {
  return `user-${randomUUID()}@example.test`;
}

describe('sendEmail without RESEND_API_KEY (embedded default)', () => {
  it('stores the message with the link in both bodies, and logs it with the token masked', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const to = recipient();
    const url = `http://localhost:3000/verify-email?token=${randomUUID()}`;

    const result = await sendEmail({
      to,
      subject: 'Confirm your email address',
      body: createElement(VerifyEmail, { name: 'Ada', url }),
    });

    expect(result.status).toBe('stored');
    const row = await outboxRow(result.id);
    expect(row).toMatchObject({
      toAddress: to,
      fromAddress: 'Alpenglow <no-reply@alpenglow.localhost>',
      subject: 'Confirm your email address',
      status: 'stored',
      providerMessageId: null,
      error: null,
    });
    expect(row.html).toContain(`href="${url}"`);
    expect(row.html).toContain('24 hours');
    expect(row.text).toContain(url);
    expect(row.text).not.toContain('<');

    const logged = info.mock.calls.map((args) => args.join(' ')).join('\n');
    expect(logged).toContain(`[email] to=${to} subject=Confirm your email address`);
    expect(logged).toContain('http://localhost:3000/verify-email?token=[redacted]');
    expect(logged).not.toContain(url);

    const listed = await listOutbox(500);
    expect(listed.map((m) => m.id)).toContain(result.id);
  });

  it('escapes a user-provided name in the HTML', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const evilName = '<a href=//evil>x</a>';

    const result = await sendEmail({
      to: recipient(),
      subject: 'Reset your password',
      body: createElement(ResetPassword, { name: evilName, url: 'http://localhost:3000/reset' }),
    });

    const row = await outboxRow(result.id);
    expect(row.html).not.toContain('<a href=//evil>');
    expect(row.html).not.toContain('href=//evil>x</a>');
    // Escaped, and inert against autolinking (word joiners after `/`).
    expect(row.html.replace(/\u2060/g, '')).toContain('&lt;a href=//evil&gt;x&lt;/a&gt;');
  });

  it('lists the outbox newest first', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const first = await sendEmail({
      to: recipient(),
      subject: 'first',
      body: createElement(ResetPassword, { name: 'A', url: 'http://localhost:3000/r1' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await sendEmail({
      to: recipient(),
      subject: 'second',
      body: createElement(ResetPassword, { name: 'B', url: 'http://localhost:3000/r2' }),
    });

    const ids = (await listOutbox(500)).map((m) => m.id);
    expect(ids.indexOf(second.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
  });
});

// ---------------------------------------------------------------------------
// With RESEND_API_KEY: the real Resend SDK talks to a local stand-in of its HTTP API.
// ---------------------------------------------------------------------------
interface RecordedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface StandInReply {
  status: number;
  body: unknown;
}

describe('sendEmail with RESEND_API_KEY (Resend SDK against a stand-in server)', () => {
  let server: http.Server;
  let baseUrl = '';
  const requests: RecordedRequest[] = [];
  let reply: StandInReply = { status: 500, body: {} };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        requests.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  beforeEach(() => {
    requests.length = 0;
    process.env.RESEND_API_KEY = 're_test_123';
    process.env.RESEND_BASE_URL = baseUrl;
  });

  it('sends the real links through the Resend API; the outbox copy has them masked', async () => {
    const providerId = randomUUID();
    reply = { status: 200, body: { id: providerId } };
    const to = recipient();
    const url = `http://localhost:3000/verify-email?token=${randomUUID()}`;

    const result = await sendEmail({
      to,
      subject: 'Confirm your email address',
      body: createElement(VerifyEmail, { name: 'Ada', url }),
    });

    expect(result.status).toBe('sent');
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/emails');
    expect(request.headers.authorization).toBe('Bearer re_test_123');
    expect(request.headers['content-type']).toContain('application/json');
    const sent = JSON.parse(request.body) as Record<string, unknown>;
    expect(sent).toMatchObject({
      from: 'Alpenglow <no-reply@alpenglow.localhost>',
      to,
      subject: 'Confirm your email address',
    });
    expect(typeof sent.html).toBe('string');
    expect(typeof sent.text).toBe('string');
    expect(sent.html).toContain(`href="${url}"`);
    expect(sent.text).toContain(url);

    const row = await outboxRow(result.id);
    expect(row).toMatchObject({
      toAddress: to,
      status: 'sent',
      providerMessageId: providerId,
      error: null,
    });
    // Resend got the real bodies; the stored copy is the same message with the token masked.
    expect(row.html).not.toContain(url);
    expect(row.text).not.toContain(url);
    expect(row.html).toContain('verify-email?token=[redacted]');
    expect(row.text).toContain('verify-email?token=[redacted]');
    expect(row.html).toBe(redactSecrets(sent.html as string));
    expect(row.text).toBe(redactSecrets(sent.text as string));
    expect(row.subject).toBe('Confirm your email address');
  });

  it('masks invitation fragments too, and keeps a failed message masked', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    reply = { status: 500, body: { statusCode: 500, name: 'internal_server_error', message: 'x' } };
    const token = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
    const url = `http://localhost:3000/invitation#${token}`;

    const result = await sendEmail({
      to: recipient(),
      subject: 'Reset your password',
      body: createElement(ResetPassword, { name: 'Ada', url }),
    });

    expect(result.status).toBe('failed');
    const sent = JSON.parse(requests[0]!.body) as Record<string, unknown>;
    expect(sent.html).toContain(token);
    const row = await outboxRow(result.id);
    expect(row.html).not.toContain(token);
    expect(row.text).not.toContain(token);
    expect(row.text).toContain('invitation#[redacted]');
  });

  it('uses EMAIL_FROM as the sender when set', async () => {
    reply = { status: 200, body: { id: randomUUID() } };
    process.env.EMAIL_FROM = 'Alpenglow <mail@example.test>';

    const result = await sendEmail({
      to: recipient(),
      subject: 'Reset your password',
      body: createElement(ResetPassword, { name: 'Ada', url: 'http://localhost:3000/reset' }),
    });

    expect(result.status).toBe('sent');
    const sent = JSON.parse(requests[0]!.body) as Record<string, unknown>;
    expect(sent.from).toBe('Alpenglow <mail@example.test>');
    expect((await outboxRow(result.id)).fromAddress).toBe('Alpenglow <mail@example.test>');
  });

  it('records a rejected message as failed without throwing', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    reply = {
      status: 422,
      body: {
        statusCode: 422,
        name: 'validation_error',
        message:
          'Invalid `to` field. The email address needs to follow the `email@example.com` format.',
      },
    };
    const to = recipient();

    const result = await sendEmail({
      to,
      subject: 'Confirm your email address',
      body: createElement(VerifyEmail, { name: 'Ada', url: 'http://localhost:3000/v' }),
    });

    expect(result.status).toBe('failed');
    expect(requests).toHaveLength(1);
    const row = await outboxRow(result.id);
    expect(row.status).toBe('failed');
    expect(row.providerMessageId).toBeNull();
    expect(row.error).toContain('validation_error');
    expect(row.error).toContain('Invalid `to` field');
    expect(consoleError).toHaveBeenCalled();
  });

  it('records an unreachable provider as failed without throwing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // A port nothing listens on: take one from a server that is then closed.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env.RESEND_BASE_URL = `http://127.0.0.1:${port}`;

    const result = await sendEmail({
      to: recipient(),
      subject: 'Confirm your email address',
      body: createElement(VerifyEmail, { name: 'Ada', url: 'http://localhost:3000/v' }),
    });

    expect(result.status).toBe('failed');
    expect((await outboxRow(result.id)).status).toBe('failed');
  });
});
