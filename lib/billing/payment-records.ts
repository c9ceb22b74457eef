import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import { lockAccountRow } from '@/lib/accounts/lock';
import { postLedgerEntry } from './ledger';
import type { CardInput } from './payment-schema';
import type { CardSummary } from './providers/provider';

// The payment records: identity and idempotency hash of an attempt, its audit metadata, its
// settlement (the one place a payment credits the ledger) and the queries and row lock of
// payments. The attempt itself (claim, provider, settle) is payments.ts.

export const IDEMPOTENCY_CONFLICT_MESSAGE =
  'This payment attempt was already submitted with a different amount or card. Nothing was ' +
  'charged now. Reload the page to start a new payment.';

export const PROVIDER_UNAVAILABLE_MESSAGE =
  'The payment provider could not be reached. Nothing was charged; please try again.';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A payment's id and receipt reference are derived from (account, idempotency key): the same
 * attempt always maps to the same payment, so a retry after a rolled-back attempt reaches a
 * provider with the same id (and the provider's own idempotency key) again.
 */
export function paymentIdentity(
  accountId: string,
  idempotencyKey: string,
): { id: string; reference: string } {
  const bytes = createHash('sha256').update(`payment\0${accountId}\0${idempotencyKey}`).digest();
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x80; // RFC 9562 version 8 (custom)
  b[8] = (b[8]! & 0x3f) | 0x80; // variant
  const hex = b.toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  let value = 0n;
  for (const byte of bytes.subarray(16, 23)) value = (value << 8n) | BigInt(byte);
  let reference = '';
  for (let i = 0; i < 10; i++) {
    reference = CROCKFORD[Number(value & 31n)] + reference;
    value >>= 5n;
  }
  return { id, reference: `PAY-${reference}` };
}

/**
 * What "the same parameters" means for an idempotency key: amount, currency, provider and
 * the card's brand, last 4 and expiry. The card number itself never enters the hash (an
 * unkeyed hash of a card number can be reversed by brute force).
 */
export function paymentRequestHash(params: {
  amount: number;
  currency: string;
  provider: string;
  card: Pick<CardInput, 'brand' | 'last4' | 'expMonth' | 'expYear'> | null;
}): string {
  const canonical = JSON.stringify([
    params.amount,
    params.currency,
    params.provider,
    params.card
      ? [params.card.brand, params.card.last4, params.card.expMonth, params.card.expYear]
      : null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Audit metadata of a payment: amounts, reference, card brand and last 4 — never the number. */
export function paymentAuditMetadata(payment: Payment, extra: Record<string, unknown> = {}) {
  return {
    reference: payment.reference,
    amount: payment.amount,
    currency: payment.currency,
    provider: payment.provider,
    cardBrand: payment.cardBrand,
    cardLast4: payment.cardLast4,
    ...(payment.status === 'failed'
      ? { failureCode: payment.failureCode, failureMessage: payment.failureMessage }
      : {}),
    ...extra,
  };
}

export function describeCard(card: { cardBrand: string | null; cardLast4: string | null }) {
  return card.cardBrand && card.cardLast4 ? `${card.cardBrand} •••• ${card.cardLast4}` : null;
}

export type Settlement =
  | { status: 'succeeded'; providerPaymentId: string; card: CardSummary | null }
  | {
      status: 'failed';
      providerPaymentId: string | null;
      card: CardSummary | null;
      code: string;
      message: string;
    };

export interface SettleResult {
  payment: Payment;
  /** Set when this settlement credited the account. */
  credited: { balanceAfter: number; statusChanged: boolean; account: Account } | null;
}

/**
 * Completes a pending (or, for providers that allow a retry, failed) payment in the caller's
 * transaction. The caller holds the payment row (just inserted, or selected `for update`).
 * A success credits the ledger once: the ledger's unique (account, payment) index is the last
 * line of defence behind that lock.
 */
export async function settlePayment(
  tx: DbOrTx,
  payment: Payment,
  settlement: Settlement,
  context: { actorUserId: string | null; ip: string | null },
): Promise<SettleResult> {
  if (payment.status === 'succeeded') return { payment, credited: null };
  const card = settlement.card ?? {
    brand: payment.cardBrand ?? null,
    last4: payment.cardLast4 ?? null,
  };
  if (settlement.status === 'failed') {
    const [failed] = await tx
      .update(payments)
      .set({
        status: 'failed',
        providerPaymentId: settlement.providerPaymentId ?? payment.providerPaymentId,
        cardBrand: card.brand,
        cardLast4: card.last4,
        failureCode: settlement.code,
        failureMessage: settlement.message,
        completedAt: sql`now()`,
      })
      .where(and(eq(payments.accountId, payment.accountId), eq(payments.id, payment.id)))
      .returning();
    if (!failed) throw new Error('payment vanished');
    return { payment: failed, credited: null };
  }
  const [succeeded] = await tx
    .update(payments)
    .set({
      status: 'succeeded',
      providerPaymentId: settlement.providerPaymentId,
      cardBrand: card.brand,
      cardLast4: card.last4,
      failureCode: null,
      failureMessage: null,
      completedAt: sql`now()`,
    })
    .where(and(eq(payments.accountId, payment.accountId), eq(payments.id, payment.id)))
    .returning();
  if (!succeeded) throw new Error('payment vanished');
  const cardText = describeCard(succeeded);
  const ledger = await postLedgerEntry(tx, {
    accountId: payment.accountId,
    kind: 'payment',
    amount: payment.amount,
    description: `Payment ${payment.reference}${cardText ? ` · ${cardText}` : ''}`,
    paymentId: payment.id,
    createdByUserId: context.actorUserId,
    ip: context.ip,
  });
  return {
    payment: succeeded,
    credited: {
      balanceAfter: ledger.after.balance,
      statusChanged: ledger.statusChanged,
      account: ledger.after,
    },
  };
}

/** What a payment attempt hands back to its door besides the message. */
export async function listPayments(db: DbOrTx, accountId: string, limit = 50): Promise<Payment[]> {
  return db
    .select()
    .from(payments)
    .where(eq(payments.accountId, accountId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

export async function getPayment(
  db: DbOrTx,
  accountId: string,
  paymentId: string,
): Promise<Payment | null> {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.id, paymentId)));
  return payment ?? null;
}

/**
 * Locks a payment row for settlement — after its account's row, the order every payment
 * path takes (the action core locks the account, then claims the payment row). Settling
 * posts to the ledger, which locks the account row: taking the payment first would deadlock
 * against an attempt with the same key that holds the account and waits on the payment row.
 */
export async function lockPayment(
  tx: Tx,
  accountId: string,
  paymentId: string,
): Promise<Payment | null> {
  await lockAccountRow(tx, accountId);
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.id, paymentId)))
    .for('update');
  return payment ?? null;
}
