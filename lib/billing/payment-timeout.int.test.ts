import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, ledgerEntries, payments } from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import { createTeam } from '@/test/factories';
import { paymentIdentity } from './payment-identity';
import { PROVIDER_UNAVAILABLE_MESSAGE, paymentDefinition } from './payments';
import { createStripeProvider, type StripeSettings } from './providers/stripe';
import { handleStripeWebhook } from './stripe-fulfilment';

// The payment provider timing out: Stripe (a local stand-in driven by the official SDK) takes
// longer than our timeout to answer the PaymentIntent request — and creates the intent all
// the same, as a slow provider does. Nothing is recorded or credited and the console says to
// try again; the retry with the same idempotency key (the form's) reaches the same intent
// (Stripe's idempotency key is derived from ours), and the account is credited once.

const WEBHOOK_SECRET = 'whsec_timeout_standin';
let db: Db;
let server: http.Server;
let settings: StripeSettings;
let delayMs = 0;
const intents = new Map<string, Record<string, unknown>>();
const byKey = new Map<string, string>();
const creates: Array<string | undefined> = [];

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  db = await getDb();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const key = req.headers['idempotency-key'] as string | undefined;
      if (req.method === 'POST' && url.pathname === '/v1/payment_intents') {
        creates.push(key);
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        let id = key ? byKey.get(key) : undefined;
        if (!id) {
          id = `pi_${randomBytes(8).toString('hex')}`;
          const metadata = Object.fromEntries(
            [...form].flatMap(([k, v]) => {
              const m = /^metadata\[(.+)\]$/.exec(k);
              return m ? [[m[1]!, v]] : [];
            }),
          );
          intents.set(id, {
            id,
            object: 'payment_intent',
            amount: Number(form.get('amount')),
            currency: form.get('currency'),
            status: 'requires_payment_method',
            client_secret: `${id}_secret_x`,
            metadata,
            payment_method: null,
            last_payment_error: null,
            created: Math.floor(Date.now() / 1000),
            livemode: false,
          });
          if (key) byKey.set(key, id);
        }
        const intent = intents.get(id);
        // Created now; the answer comes only after the client has given up.
        setTimeout(() => send(res, 200, intent), delayMs).unref();
        return;
      }
      const match = /^\/v1\/payment_(intents|methods)\/(\w+)$/.exec(url.pathname);
      if (req.method === 'GET' && match?.[1] === 'intents' && intents.has(match[2]!)) {
        return send(res, 200, intents.get(match[2]!));
      }
      if (req.method === 'GET' && match?.[1] === 'methods') {
        return send(res, 200, {
          id: match[2],
          object: 'payment_method',
          type: 'card',
          card: { brand: 'visa', last4: '4242' },
        });
      }
      send(res, 404, { error: { type: 'invalid_request_error', message: 'unknown' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  settings = {
    secretKey: 'sk_test_standin',
    webhookSecret: WEBHOOK_SECRET,
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    protocol: 'http',
    maxNetworkRetries: 1,
  };
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  vi.restoreAllMocks();
});

async function balanceOf(accountId: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  return row!.balance;
}

describe('Stripe timing out', () => {
  it('credits nothing; the retry with the same key reaches the same intent and pays once', async () => {
    const { org, users } = await createTeam(db, 'Payer');
    const key = randomUUID();
    // The attempt that times out waits 300 ms for an answer that takes 5 s; the others wait
    // Stripe's usual 20 s, so a busy machine cannot turn them into timeouts.
    const attempt = (timeoutMs = 20_000) =>
      executeAccountAction(paymentDefinition(createStripeProvider({ ...settings, timeoutMs })), {
        principal: users[0].principal,
        accountId: org.id,
        input: { amount: '75.00', idempotencyKey: key },
        ip: null,
      });

    delayMs = 5_000;
    expect(await attempt(300)).toEqual({
      ok: false,
      kind: 'rejected',
      message: PROVIDER_UNAVAILABLE_MESSAGE,
      unavailable: true,
    });
    // The SDK tried twice with one Stripe idempotency key; Stripe made one intent.
    const stripeKey = `alpenglow-payment-${paymentIdentity(org.id, key).id}`;
    expect(creates).toEqual([stripeKey, stripeKey]);
    expect(intents.size).toBe(1);
    expect(await db.select().from(payments).where(eq(payments.accountId, org.id))).toEqual([]);
    expect(await balanceOf(org.id)).toBe(0);

    delayMs = 0;
    const retried = await attempt();
    expect(retried.ok).toBe(true);
    const [payment] = await db.select().from(payments).where(eq(payments.accountId, org.id));
    const [intentId] = [...intents.keys()];
    expect(payment).toMatchObject({ status: 'pending', providerPaymentId: intentId });
    expect(intents.size).toBe(1);

    // Stripe says it succeeded: credited once, and again the same key changes nothing.
    const intent = { ...intents.get(intentId!)!, status: 'succeeded', payment_method: 'pm_1' };
    const event = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: intent },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: event,
      secret: WEBHOOK_SECRET,
    });
    expect((await handleStripeWebhook(settings, event, signature)).status).toBe(200);
    expect((await attempt()).ok).toBe(true);
    expect(await balanceOf(org.id)).toBe(75 * 10_000);
    const ledger = await db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, org.id));
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([['payment', 75 * 10_000]]);
    expect(intents.size).toBe(1);
  }, 60_000);
});
