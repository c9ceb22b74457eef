import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, auditEvents, creditNotes, emailOutbox, ledgerEntries } from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import { createTeam, expectOk, type TestUser } from '@/test/factories';
import {
  signStripe,
  STAND_IN_SECRET_KEY,
  STAND_IN_WEBHOOK_SECRET,
  stripeEvent,
  StripeStandIn,
} from '@/test/stripe-stand-in';
import { paymentIdentity } from './payment-identity';
import { paymentDefinition } from './payments';
import { createStripeProvider, type StripeSettings } from './providers/stripe';
import { handleStripeWebhook } from './stripe-fulfilment';
import { expectLedgerConsistent } from './test-helpers';

// Refunds and card disputes reported by Stripe's signed webhook events post signed ledger
// entries with credit notes, at most once per event, and recompute the account's status.

let db: Db;
let standIn: StripeStandIn;
let settings: StripeSettings;
const IP = '198.51.100.33';

beforeAll(async () => {
  db = await getDb();
  standIn = new StripeStandIn();
  const port = await standIn.start();
  settings = {
    secretKey: STAND_IN_SECRET_KEY,
    webhookSecret: STAND_IN_WEBHOOK_SECRET,
    host: '127.0.0.1',
    port,
    protocol: 'http',
  };
});

afterAll(async () => {
  await standIn.stop();
});

afterEach(async () => {
  await expectLedgerConsistent(db);
});

async function deliver(object: object, type: string, id?: string) {
  const payload = stripeEvent(object, type, id);
  return handleStripeWebhook(settings, payload, signStripe(payload));
}

/** An organization credited with CHF `amount` through a confirmed Stripe payment. */
async function paidOrganization(amount = '100.00') {
  const {
    org,
    users: [owner],
  } = await createTeam(db, 'Stripe Owner');
  const key = randomUUID();
  expectOk(
    await executeAccountAction(paymentDefinition(createStripeProvider(settings)), {
      principal: (owner as TestUser).principal,
      accountId: org.id,
      input: { amount, idempotencyKey: key },
      ip: IP,
    }),
  );
  const { id: paymentId } = paymentIdentity(org.id, key);
  const intent = [...standIn.intents.values()].find((i) => i.metadata.paymentId === paymentId)!;
  const confirmed = standIn.confirm(intent.id, 'succeeded');
  expect((await deliver(confirmed, 'payment_intent.succeeded')).status).toBe(200);
  return { org, owner: owner as TestUser, paymentId, intentId: intent.id };
}

async function account(id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row!;
}

async function notesOf(accountId: string) {
  return db.select().from(creditNotes).where(eq(creditNotes.accountId, accountId));
}

async function auditCount(accountId: string, action: string) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action)));
  return rows.length;
}

describe('charge.refunded', () => {
  it('a partial refund posts the refunded part once; a later refund posts only the new part', async () => {
    const { org, intentId } = await paidOrganization('100.00');
    const first = standIn.refund(intentId, 3_000);
    const eventId = `evt_${randomUUID()}`;
    expect(await deliver(first, 'charge.refunded', eventId)).toMatchObject({
      status: 200,
      body: { outcome: 'recorded' },
    });
    // The same event again, and a stale copy with another id: nothing more.
    expect((await deliver(first, 'charge.refunded', eventId)).body.outcome).toBe('duplicate_event');
    expect((await deliver(first, 'charge.refunded')).body.outcome).toBe('nothing_to_post');
    expect(await account(org.id)).toMatchObject({ balance: 700_000, status: 'active' });

    // Stripe reports the cumulative amount: 30 + 20 = 50 refunded, so 20 more is posted.
    const second = standIn.refund(intentId, 2_000);
    expect((await deliver(second, 'charge.refunded')).body.outcome).toBe('recorded');
    expect(await account(org.id)).toMatchObject({ balance: 500_000, status: 'active' });
    const notes = await notesOf(org.id);
    expect(notes.map((n) => n.amount).sort()).toEqual([-300_000, -200_000].sort());
    expect(notes.every((n) => n.kind === 'refund' && /^CN-[0-9A-Z]{10}$/.test(n.reference))).toBe(
      true,
    );
    expect(await auditCount(org.id, 'payment.refunded')).toBe(2);
    const refunds = await db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, org.id), eq(ledgerEntries.kind, 'refund')));
    expect(refunds).toHaveLength(2);
  });

  it('a full refund takes the balance back to 0 and suspends the account; a credit note and the suspension notice are emailed', async () => {
    const { org, owner, intentId } = await paidOrganization('50.00');
    const billingEmail = (await account(org.id)).billingEmail;
    const refunded = standIn.refund(intentId, 5_000);
    expect((await deliver(refunded, 'charge.refunded')).body.outcome).toBe('recorded');
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    expect(await auditCount(org.id, 'account.status_changed')).toBe(2);
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, billingEmail));
    const note = (await notesOf(org.id))[0]!;
    expect(mails.map((m) => m.subject)).toContain(
      `Your Alpenglow credit note ${note.reference}: -50.00 CHF`,
    );
    const ownerMails = await db
      .select({ subject: emailOutbox.subject })
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, owner.email));
    expect(ownerMails.map((m) => m.subject)).toContain(`${org.name} is suspended`);
  });

  it('concurrent deliveries of refund events post each unit once', async () => {
    const { org, intentId } = await paidOrganization('100.00');
    const a = standIn.refund(intentId, 1_000);
    const b = standIn.refund(intentId, 1_000);
    const c = standIn.refund(intentId, 1_000);
    await Promise.all([
      deliver(a, 'charge.refunded'),
      deliver(c, 'charge.refunded'),
      deliver(b, 'charge.refunded'),
      deliver(c, 'charge.refunded'),
    ]);
    expect((await account(org.id)).balance).toBe(700_000);
  });

  it('a charge that is not ours is acknowledged and changes nothing', async () => {
    const before = await db.select().from(creditNotes);
    const foreign = { id: 'ch_x', object: 'charge', payment_intent: 'pi_unknown', currency: 'chf' };
    expect((await deliver(foreign, 'charge.refunded')).status).toBe(200);
    expect(await db.select().from(creditNotes)).toHaveLength(before.length);
  });
});

describe('charge.dispute.*', () => {
  it('an opened dispute takes the amount back (suspending at 0); a won dispute returns it', async () => {
    const { org, intentId } = await paidOrganization('80.00');
    const opened = standIn.dispute(intentId, 'needs_response');
    expect((await deliver(opened, 'charge.dispute.created')).body.outcome).toBe('recorded');
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    // A second "created" for the same dispute (another event id) takes nothing more.
    expect((await deliver(opened, 'charge.dispute.created')).body.outcome).toBe('nothing_to_post');

    const won = { ...opened, status: 'won' };
    expect((await deliver(won, 'charge.dispute.closed')).body.outcome).toBe('recorded');
    expect((await deliver(won, 'charge.dispute.closed')).body.outcome).toBe('nothing_to_post');
    expect(await account(org.id)).toMatchObject({ balance: 800_000, status: 'active' });
    const kinds = (await notesOf(org.id)).map((n) => [n.kind, n.amount]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['dispute_opened', -800_000],
        ['dispute_won', 800_000],
      ]),
    );
    expect(await auditCount(org.id, 'payment.dispute_opened')).toBe(1);
    expect(await auditCount(org.id, 'payment.dispute_won')).toBe(1);
  });

  it('a lost dispute keeps the funds taken, and takes them if the opening was never seen', async () => {
    const { org, intentId } = await paidOrganization('40.00');
    const dispute = standIn.dispute(intentId, 'lost');
    expect((await deliver(dispute, 'charge.dispute.closed')).body.outcome).toBe('recorded');
    expect(await account(org.id)).toMatchObject({ balance: 0, status: 'suspended' });
    expect(await auditCount(org.id, 'payment.dispute_lost')).toBe(1);

    const other = await paidOrganization('40.00');
    const opened = standIn.dispute(other.intentId, 'needs_response');
    await deliver(opened, 'charge.dispute.created');
    await deliver({ ...opened, status: 'lost' }, 'charge.dispute.closed');
    expect((await account(other.org.id)).balance).toBe(0);
    expect(await notesOf(other.org.id)).toHaveLength(1);
  });

  it('an inquiry moves no money and is audited', async () => {
    const { org, intentId } = await paidOrganization('40.00');
    const inquiry = standIn.dispute(intentId, 'warning_needs_response');
    expect((await deliver(inquiry, 'charge.dispute.created')).body.outcome).toBe('nothing_to_post');
    expect((await account(org.id)).balance).toBe(400_000);
    expect(await auditCount(org.id, 'payment.dispute_inquiry')).toBe(1);
  });
});
