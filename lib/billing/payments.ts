import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import type { z } from 'zod';
import type {
  AccountActionDefinition,
  ActionContext,
  ActionOutcome,
  AuditSpec,
} from '@/lib/actions/core';
import { DomainError } from '@/lib/errors';
import { formatMoney } from '@/lib/money';
import { postLedgerEntry } from './ledger';
import { cardPaymentSchema, paymentRequestSchema, type CardInput } from './payment-schema';
import {
  ProviderUnavailableError,
  type CardSummary,
  type ChargeResult,
  type PaymentProvider,
} from './providers/provider';
import { sendPaymentReceipt } from './receipt';

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
export interface PaymentData {
  /** Set when this attempt credited the account (its receipt is then on its way). */
  creditedPaymentId?: string;
}

type PaymentOutcome = ActionOutcome<PaymentData>;

/** A payment attempt as a provider needs it: the card only when we collect it ourselves. */
type PaymentAttempt = { amount: number; idempotencyKey: string; card?: CardInput };

function successMessage(payment: Payment, account: Account, statusChanged: boolean): string {
  const name = account.kind === 'personal' ? 'Your account' : account.name;
  return (
    `Payment received: ${formatMoney(payment.amount, payment.currency)} (${payment.reference}).` +
    (statusChanged ? ` ${name} is now ACTIVE.` : '') +
    ' A receipt is on its way by email.'
  );
}

/** The answer to a repeated attempt (same key, same parameters): the first attempt's result. */
function replayOutcome(payment: Payment): PaymentOutcome {
  const audit: AuditSpec = {
    action: 'payment.replayed',
    targetType: 'payment',
    targetId: payment.id,
    metadata: paymentAuditMetadata(payment, { status: payment.status }),
  };
  switch (payment.status) {
    case 'succeeded':
      return {
        message:
          `Payment received: ${formatMoney(payment.amount, payment.currency)} ` +
          `(${payment.reference}). This was a repeat of the same attempt: you were charged once.`,
        audit,
      };
    case 'failed':
      return { message: payment.failureMessage ?? 'The payment failed.', audit, refused: true };
    case 'pending':
      return {
        message: `Payment ${payment.reference} is being processed. Nothing more was charged.`,
        audit,
      };
  }
}

/**
 * One payment attempt inside the action's transaction: claim the idempotency key (the
 * payment row), ask the provider, then settle. Concurrent attempts with one key queue on the
 * row's unique index; all but the first see the first one's row and replay its result.
 */
async function attemptPayment(
  { tx, access, ip }: ActionContext,
  input: PaymentAttempt,
  provider: PaymentProvider,
): Promise<PaymentOutcome> {
  const account = access.account;
  const { id, reference } = paymentIdentity(account.id, input.idempotencyKey);
  const requestHash = paymentRequestHash({
    amount: input.amount,
    currency: account.currency,
    provider: provider.id,
    card: input.card ?? null,
  });
  const [payment] = await tx
    .insert(payments)
    .values({
      accountId: account.id,
      id,
      reference,
      idempotencyKey: input.idempotencyKey,
      requestHash,
      amount: input.amount,
      currency: account.currency,
      status: 'pending',
      provider: provider.id,
      cardBrand: input.card?.brand ?? null,
      cardLast4: input.card?.last4 ?? null,
      createdByUserId: access.user.id,
    })
    .onConflictDoNothing()
    .returning();
  if (!payment) {
    const [existing] = await tx
      .select()
      .from(payments)
      .where(
        and(eq(payments.accountId, account.id), eq(payments.idempotencyKey, input.idempotencyKey)),
      );
    if (!existing) throw new Error('payment reference collision; retry with a new key');
    if (existing.requestHash !== requestHash) throw new DomainError(IDEMPOTENCY_CONFLICT_MESSAGE);
    return replayOutcome(existing);
  }

  let result: ChargeResult;
  try {
    result = await provider.charge({
      accountId: account.id,
      paymentId: payment.id,
      reference,
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: input.idempotencyKey,
      description: `Alpenglow funds ${reference}`,
      card: input.card,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailableError) {
      console.error(`[payments] ${provider.id}: ${error.message}`);
      throw new DomainError(PROVIDER_UNAVAILABLE_MESSAGE);
    }
    throw error;
  }

  if (result.status === 'pending') {
    const [started] = await tx
      .update(payments)
      .set({ providerPaymentId: result.providerPaymentId })
      .where(and(eq(payments.accountId, account.id), eq(payments.id, payment.id)))
      .returning();
    return {
      message:
        `Payment ${reference} of ${formatMoney(payment.amount, payment.currency)} started. ` +
        'Confirm it with your card; the account is credited as soon as the payment provider ' +
        'confirms it.',
      audit: {
        action: 'payment.started',
        targetType: 'payment',
        targetId: payment.id,
        metadata: paymentAuditMetadata(started ?? payment, {
          providerPaymentId: result.providerPaymentId,
        }),
      },
    };
  }

  const settled = await settlePayment(tx, payment, result, { actorUserId: access.user.id, ip });
  if (result.status === 'failed') {
    return {
      message: result.message,
      refused: true,
      audit: {
        action: 'payment.failed',
        targetType: 'payment',
        targetId: payment.id,
        metadata: paymentAuditMetadata(settled.payment),
      },
    };
  }
  return {
    data: { creditedPaymentId: payment.id },
    // The payment stands whatever happens to the email; the receipt stays on its page.
    afterCommit: async () => {
      await sendPaymentReceipt(payment.accountId, payment.id);
    },
    message: successMessage(
      settled.payment,
      settled.credited?.account ?? account,
      settled.credited?.statusChanged ?? false,
    ),
    audit: {
      action: 'payment.succeeded',
      targetType: 'payment',
      targetId: payment.id,
      metadata: paymentAuditMetadata(settled.payment, {
        balanceAfter: settled.credited?.balanceAfter,
      }),
    },
  };
}

/**
 * A payment through the configured provider: with the card typed into our form when the
 * provider lets us collect it (the test provider), amount and key only when it collects the
 * card itself (Stripe). Every door (the console form, the REST API, tests) runs this one
 * definition through the action core; a credited payment's receipt is emailed after commit.
 */
export function paymentDefinition(provider: PaymentProvider) {
  const schema: z.ZodType<PaymentAttempt> = provider.collectsCard
    ? cardPaymentSchema
    : paymentRequestSchema;
  return {
    schema,
    permission: 'billing.manage',
    run: (input: PaymentAttempt, context: ActionContext) =>
      attemptPayment(context, input, provider),
  } satisfies AccountActionDefinition<typeof schema, PaymentData>;
}

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

/** Locks a payment row for settlement. */
export async function lockPayment(
  tx: Tx,
  accountId: string,
  paymentId: string,
): Promise<Payment | null> {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.id, paymentId)))
    .for('update');
  return payment ?? null;
}
