import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  accounts,
  auditEvents,
  emailOutbox,
  ledgerEntries,
  memberships,
  payments,
  processedWebhookEvents,
  type Account,
} from '@/db/schema';
import { createOrganizationDefinition } from '@/lib/accounts/actions';
import { executeAccountAction, type ActionResult } from '@/lib/actions/core';
import type { Principal } from '@/lib/authz/access';
import { signUp } from '@/lib/auth/users';
import { paymentIdentity } from './payment-identity';
import { PROVIDER_UNAVAILABLE_MESSAGE, paymentDefinition } from './payments';
import { createStripeProvider, type StripeSettings } from './providers/stripe';
import { handleStripeWebhook, refreshStripePayment } from './stripe-fulfilment';
import { sessionFor } from '@/test/factories';
import { StripeStandIn } from '@/test/stripe-stand-in';
import { expectLedgerConsistent } from './test-helpers';

// The Stripe provider with the official SDK against a local stand-in of Stripe's API
// (test/stripe-stand-in.ts), and webhook events signed with the SDK's own test signer.

let db: Db;
let standIn: StripeStandIn;
let settings: StripeSettings;
const WEBHOOK_SECRET = 'whsec_standin_secret';
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$placeholder$placeholder';
const IP = '198.51.100.4';

beforeAll(async () => {
  db = await getDb();
  standIn = new StripeStandIn();
  const port = await standIn.start();
  settings = {
    secretKey: 'sk_test_standin',
    webhookSecret: WEBHOOK_SECRET,
    host: '127.0.0.1',
    port,
    protocol: 'http',
  };
});

afterAll(async () => {
  await standIn.stop();
});

beforeEach(() => {
  standIn.requests.length = 0;
});

afterEach(async () => {
  await expectLedgerConsistent(db);
});

interface Owner {
  id: string;
  principal: Principal;
  personalAccountId: string;
}

async function createOwnerAndOrg(): Promise<{ owner: Owner; org: Account }> {
  const signed = await db.transaction((tx) =>
    signUp(tx, {
      name: 'Stripe Payer',
      email: `stripe-${randomUUID()}@example.test`,
      password: 'unused',
      passwordHash,
      verified: true,
    }),
  );
  if (signed.status !== 'created') throw new Error('expected created');
  const owner = {
    id: signed.user.id,
    principal: await sessionFor(db, signed.user),
    personalAccountId: signed.personalAccountId,
  };
  const name = `Stripe Org ${randomUUID().slice(0, 8)}`;
  const created = await executeAccountAction(createOrganizationDefinition, {
    principal: owner.principal,
    accountId: owner.personalAccountId,
    input: {
      name,
      billingName: 'Stripe Org AG',
      billingAddressLine1: 'Limmatquai 1',
      billingPostalCode: '8001',
      billingCity: 'Zürich',
      billingCountry: 'CH',
      billingEmail: `billing-${randomUUID().slice(0, 8)}@example.test`,
    },
    ip: IP,
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const [row] = await db
    .select({ account: accounts })
    .from(accounts)
    .innerJoin(memberships, eq(memberships.accountId, accounts.id))
    .where(and(eq(accounts.name, name), eq(memberships.userId, owner.id)));
  return { owner, org: row!.account };
}

function expectOk(result: ActionResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.outcome;
}

async function startPayment(
  owner: Owner,
  accountId: string,
  amount = '120.00',
  key = randomUUID(),
) {
  const provider = createStripeProvider(settings);
  const result = await executeAccountAction(paymentDefinition(provider), {
    principal: owner.principal,
    accountId,
    input: { amount, idempotencyKey: key },
    ip: IP,
  });
  const outcome = expectOk(result);
  const { id } = paymentIdentity(accountId, key);
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.id, id)));
  if (!payment) throw new Error('payment not stored');
  return { outcome, payment, key };
}

function eventFor(intent: object, type = 'payment_intent.succeeded', id = `evt_${randomUUID()}`) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: intent },
  });
}

function sign(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
}

async function account(id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row!;
}

async function ledgerCount(accountId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId));
  return row?.n;
}

async function auditActions(accountId: string) {
  const rows = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.accountId, accountId));
  return rows.map((r) => r.action).sort();
}

describe('starting a Stripe payment', () => {
  it('creates a PaymentIntent (cents, metadata, idempotency key) and credits nothing yet', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { outcome, payment } = await startPayment(owner, org.id, '120.50');
    expect(outcome.message).toMatch(/started/);
    expect(payment).toMatchObject({
      status: 'pending',
      provider: 'stripe',
      amount: 1_205_000,
      currency: 'CHF',
      cardBrand: null,
      cardLast4: null,
    });
    const intent = standIn.intents.get(payment.providerPaymentId!);
    expect(intent).toMatchObject({
      amount: 12_050,
      currency: 'chf',
      metadata: { accountId: org.id, paymentId: payment.id, reference: payment.reference },
    });
    const creates = standIn.requests.filter((r) => r.method === 'POST');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.idempotencyKey).toBe(`alpenglow-payment-${payment.id}`);
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    expect(await auditActions(org.id)).toEqual(['organization.created', 'payment.started']);
  });

  it('a resubmitted attempt replays: one PaymentIntent, one payment', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const key = randomUUID();
    const first = await startPayment(owner, org.id, '50', key);
    const second = await startPayment(owner, org.id, '50', key);
    expect(second.outcome.message).toMatch(/being processed/);
    expect(second.payment.id).toBe(first.payment.id);
    // The resubmission asks Stripe again with the same idempotency key (to hand the browser
    // the client secret again): Stripe answers with the same PaymentIntent.
    const creates = standIn.requests.filter((r) => r.method === 'POST');
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((r) => r.idempotencyKey)).size).toBe(1);
    const intents = [...standIn.intents.values()].filter(
      (intent) => intent.metadata.paymentId === first.payment.id,
    );
    expect(intents).toHaveLength(1);
  });

  it('Stripe unreachable or failing: a clear message, nothing written; a retry reuses the ids', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const key = randomUUID();
    standIn.failNextCreate = true;
    const provider = createStripeProvider(settings);
    const request = {
      principal: owner.principal,
      accountId: org.id,
      input: { amount: '60.00', idempotencyKey: key },
      ip: IP,
    };
    const result = await executeAccountAction(paymentDefinition(provider), request);
    expect(result).toEqual({ ok: false, kind: 'rejected', message: PROVIDER_UNAVAILABLE_MESSAGE });
    expect(await db.select().from(payments).where(eq(payments.accountId, org.id))).toHaveLength(0);

    const down = createStripeProvider({ ...settings, port: 1 }); // nothing listens there
    const unreachable = await executeAccountAction(paymentDefinition(down), request);
    expect(unreachable).toEqual({
      ok: false,
      kind: 'rejected',
      message: PROVIDER_UNAVAILABLE_MESSAGE,
    });

    expectOk(await executeAccountAction(paymentDefinition(provider), request));
    const keys = standIn.requests.filter((r) => r.method === 'POST').map((r) => r.idempotencyKey);
    expect(new Set(keys)).toEqual(
      new Set([`alpenglow-payment-${paymentIdentity(org.id, key).id}`]),
    );
  }, 30_000);
});

describe('the webhook', () => {
  it('a signed payment_intent.succeeded credits the account, activates it, sends the receipt', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '120.00');
    const payload = eventFor(standIn.confirm(payment.providerPaymentId!, 'succeeded'));
    const response = await handleStripeWebhook(settings, payload, sign(payload));
    expect(response).toEqual({ status: 200, body: { received: true, outcome: 'credited' } });

    expect(await account(org.id)).toMatchObject({ balance: 1_200_000, status: 'active' });
    const [settled] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(settled).toMatchObject({ status: 'succeeded', cardBrand: 'Visa', cardLast4: '4242' });
    expect(await auditActions(org.id)).toEqual([
      'account.status_changed',
      'organization.created',
      'payment.started',
      'payment.succeeded',
    ]);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, org.id), eq(auditEvents.action, 'payment.succeeded')));
    expect(event).toMatchObject({
      actorUserId: owner.id,
      metadata: { reference: payment.reference, amount: 1_200_000, via: 'webhook' },
    });
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, org.billingEmail));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Visa ending in 4242');
  });

  it('forged, unsigned, tampered or stale events credit nothing', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id);
    const intent = standIn.confirm(payment.providerPaymentId!, 'succeeded');
    const payload = eventFor(intent);
    const attempts: Array<[string, string, string | null]> = [
      ['unsigned', payload, null],
      ['empty signature', payload, ''],
      ['garbage signature', payload, 't=1,v1=deadbeef'],
      ['forged (other secret)', payload, sign(payload, { secret: 'whsec_attacker' })],
      [
        'tampered after signing',
        payload.replace('"amount":12000', '"amount":12001'),
        sign(payload),
      ],
      [
        'stale (older than the tolerance)',
        payload,
        sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
      ],
    ];
    for (const [label, body, signature] of attempts) {
      const response = await handleStripeWebhook(settings, body, signature);
      expect(response.status, label).toBe(400);
    }
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    expect(await ledgerCount(org.id)).toBe(0);
    expect(await db.select().from(processedWebhookEvents)).not.toContainEqual(
      expect.objectContaining({ eventId: JSON.parse(payload).id }),
    );
    // Without STRIPE_WEBHOOK_SECRET, no event is accepted at all.
    expect(
      (await handleStripeWebhook({ ...settings, webhookSecret: null }, payload, sign(payload)))
        .status,
    ).toBe(503);
    // The genuine event still works afterwards.
    expect((await handleStripeWebhook(settings, payload, sign(payload))).body.outcome).toBe(
      'credited',
    );
  });

  it('a replayed event credits once; a second event for the same intent too', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '80.00');
    const payload = eventFor(standIn.confirm(payment.providerPaymentId!, 'succeeded'));
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push((await handleStripeWebhook(settings, payload, sign(payload))).body.outcome);
    }
    expect(outcomes).toEqual(['credited', 'duplicate_event', 'duplicate_event']);
    const other = eventFor(standIn.intents.get(payment.providerPaymentId!)!);
    expect((await handleStripeWebhook(settings, other, sign(other))).body.outcome).toBe(
      'already_settled',
    );
    // Replays racing each other.
    const raced = await Promise.all(
      Array.from({ length: 5 }, () => handleStripeWebhook(settings, payload, sign(payload))),
    );
    expect(raced.map((r) => r.body.outcome)).toEqual(Array(5).fill('duplicate_event'));
    expect(await account(org.id)).toMatchObject({ balance: 800_000 });
    expect(await ledgerCount(org.id)).toBe(1);
  });

  it('amount, currency or account differing from what the server fixed: nothing credited', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { org: otherOrg } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '100.00');
    const intent = standIn.confirm(payment.providerPaymentId!, 'succeeded');
    const variants = [
      { ...intent, amount: intent.amount + 1 },
      { ...intent, currency: 'eur' },
      { ...intent, id: 'pi_someone_else' },
      { ...intent, metadata: { ...intent.metadata, accountId: otherOrg.id } },
      { ...intent, metadata: { ...intent.metadata, paymentId: randomUUID() } },
      { ...intent, metadata: {} },
    ];
    const outcomes = [];
    const statuses = [];
    const eventIds: string[] = [];
    for (const variant of variants) {
      const payload = eventFor(variant);
      eventIds.push(JSON.parse(payload).id as string);
      const response = await handleStripeWebhook(settings, payload, sign(payload));
      outcomes.push(response.body.outcome);
      statuses.push(response.status);
    }
    // Our ids that match no payment: retried by Stripe (409); no ids at all: not ours (200).
    expect(statuses).toEqual([200, 200, 200, 409, 409, 200]);
    expect(outcomes).toEqual([
      'mismatch',
      'mismatch',
      'mismatch',
      'unknown_payment',
      'unknown_payment',
      'unknown_payment',
    ]);
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    expect(await account(otherOrg.id)).toMatchObject({ balance: 0, status: 'suspended' });
    const rejected = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.accountId, org.id), eq(auditEvents.action, 'payment.event_rejected')),
      );
    expect(rejected.map((e) => (e.metadata as { mismatch: string[] }).mismatch)).toEqual(
      expect.arrayContaining([['amount'], ['currency'], ['payment intent id']]),
    );
    const [still] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(still!.status).toBe('pending');
    // Only the events that reached our payment were recorded as processed.
    const recorded = new Set(
      (await db.select().from(processedWebhookEvents)).map((e) => e.eventId),
    );
    expect(eventIds.map((id) => recorded.has(id))).toEqual([true, true, true, false, false, false]);
  });

  it('an event for a payment not (yet) known is not recorded: Stripe retries, the retry credits', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '70.00');
    const payload = eventFor(standIn.confirm(payment.providerPaymentId!, 'succeeded'));
    const eventId = JSON.parse(payload).id as string;
    const recorded = async () =>
      (await db.select().from(processedWebhookEvents)).filter((e) => e.eventId === eventId);

    // The event arrives while the payment's row is not there (its transaction has not
    // committed yet): a non-2xx answer so Stripe retries, and the event id is not recorded.
    await db.delete(payments).where(eq(payments.id, payment.id));
    const early = await handleStripeWebhook(settings, payload, sign(payload));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ received: false, outcome: 'unknown_payment' });
    expect(await recorded()).toHaveLength(0);
    expect(await ledgerCount(org.id)).toBe(0);

    // Stripe's retry of the same event, once the payment is committed, credits it.
    await db.insert(payments).values(payment);
    const retried = await handleStripeWebhook(settings, payload, sign(payload));
    expect(retried).toEqual({ status: 200, body: { received: true, outcome: 'credited' } });
    expect(await recorded()).toHaveLength(1);
    expect(await account(org.id)).toMatchObject({ balance: 700_000, status: 'active' });
    expect((await handleStripeWebhook(settings, payload, sign(payload))).body.outcome).toBe(
      'duplicate_event',
    );
  });

  it('an intent without our metadata is acknowledged, and nothing is recorded', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '40.00');
    const intent = standIn.confirm(payment.providerPaymentId!, 'succeeded');
    const payload = eventFor({ ...intent, metadata: {} });
    expect(await handleStripeWebhook(settings, payload, sign(payload))).toEqual({
      status: 200,
      body: { received: true, outcome: 'unknown_payment' },
    });
    expect(await db.select().from(processedWebhookEvents)).not.toContainEqual(
      expect.objectContaining({ eventId: JSON.parse(payload).id }),
    );
    expect(await ledgerCount(org.id)).toBe(0);
  });

  it('a declined card marks the payment failed with the reason; a later success still credits', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '30.00');
    const failedPayload = eventFor(
      standIn.confirm(payment.providerPaymentId!, 'declined'),
      'payment_intent.payment_failed',
    );
    expect((await handleStripeWebhook(settings, failedPayload, sign(failedPayload))).body).toEqual({
      received: true,
      outcome: 'failed',
    });
    const [failed] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(failed).toMatchObject({
      status: 'failed',
      failureCode: 'generic_decline',
      failureMessage: 'Your card was declined.',
    });
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    expect(await auditActions(org.id)).toContain('payment.failed');

    // The customer tries another card on the same PaymentIntent, and it goes through.
    const okPayload = eventFor(standIn.confirm(payment.providerPaymentId!, 'succeeded'));
    expect((await handleStripeWebhook(settings, okPayload, sign(okPayload))).body.outcome).toBe(
      'credited',
    );
    expect(await account(org.id)).toMatchObject({ balance: 300_000, status: 'active' });
  });

  it('an unrelated event type is acknowledged and ignored', async () => {
    const payload = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    expect(await handleStripeWebhook(settings, payload, sign(payload))).toEqual({
      status: 200,
      body: { received: true },
    });
  });
});

describe('the webhook route', () => {
  const ENV_KEYS = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const;
  let saved: Record<string, string | undefined> = {};
  const URL = 'http://console.test/api/webhooks/stripe';

  beforeEach(() => {
    saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    process.env.STRIPE_SECRET_KEY = 'sk_test_standin';
    process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  });

  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const unrelated = () =>
    JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });

  it('refuses before reading the body: no secret (503), no signature (400), too large (413)', async () => {
    const { POST } = await import('@/app/api/webhooks/stripe/route');
    const payload = unrelated();
    const post = (headers: Record<string, string>, body: string = payload) =>
      new Request(URL, { method: 'POST', headers, body });

    delete process.env.STRIPE_WEBHOOK_SECRET;
    const unconfigured = post({ 'stripe-signature': sign(payload) });
    expect((await POST(unconfigured)).status).toBe(503);
    expect(unconfigured.bodyUsed).toBe(false);
    process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;

    const unsigned = post({});
    expect((await POST(unsigned)).status).toBe(400);
    expect(unsigned.bodyUsed).toBe(false);

    const declaredHuge = post({
      'stripe-signature': sign(payload),
      'content-length': String(2 * 1024 * 1024),
    });
    expect((await POST(declaredHuge)).status).toBe(413);
    expect(declaredHuge.bodyUsed).toBe(false);

    const fine = await POST(post({ 'stripe-signature': sign(payload) }));
    expect(fine.status).toBe(200);
    expect(await fine.json()).toEqual({ received: true });
  });

  it('stops reading a body without Content-Length past 1 MiB (413)', async () => {
    const { POST } = await import('@/app/api/webhooks/stripe/route');
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 64)
          controller.close(); // 4 MiB in all, if read to the end
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(URL, {
      method: 'POST',
      headers: { 'stripe-signature': 't=1,v1=deadbeef' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await POST(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(24);
  });
});

describe('the return page', () => {
  it('asks Stripe for the intent: pending stays pending, succeeded credits once', async () => {
    const { owner, org } = await createOwnerAndOrg();
    const { payment } = await startPayment(owner, org.id, '45.00');
    expect((await refreshStripePayment(settings, org.id, payment.id)).outcome).toBe('pending');
    standIn.confirm(payment.providerPaymentId!, 'succeeded');
    expect((await refreshStripePayment(settings, org.id, payment.id)).outcome).toBe('credited');
    expect((await refreshStripePayment(settings, org.id, payment.id)).outcome).toBe(
      'already_settled',
    );
    expect(await account(org.id)).toMatchObject({ balance: 450_000, status: 'active' });
    const [settled] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(settled).toMatchObject({ cardBrand: 'Visa', cardLast4: '4242' });
  });

  it('webhook and return page racing each other credit once (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const { owner, org } = await createOwnerAndOrg();
      const { payment } = await startPayment(owner, org.id, '99.00');
      const payload = eventFor(standIn.confirm(payment.providerPaymentId!, 'succeeded'));
      const [fromWebhook, fromReturn, fromReturnAgain] = await Promise.all([
        handleStripeWebhook(settings, payload, sign(payload)),
        refreshStripePayment(settings, org.id, payment.id),
        refreshStripePayment(settings, org.id, payment.id),
      ]);
      const outcomes = [fromWebhook.body.outcome, fromReturn.outcome, fromReturnAgain.outcome];
      expect(
        outcomes.filter((o) => o === 'credited'),
        `round ${round}: ${outcomes}`,
      ).toHaveLength(1);
      expect(outcomes.every((o) => o === 'credited' || o === 'already_settled')).toBe(true);
      expect(await account(org.id)).toMatchObject({ balance: 990_000, status: 'active' });
      expect(await ledgerCount(org.id)).toBe(1);
      const mails = await db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.toAddress, org.billingEmail));
      expect(mails).toHaveLength(1);
    }
  });
});
