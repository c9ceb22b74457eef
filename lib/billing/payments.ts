import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import type { z } from 'zod';
import type {
  AccountActionDefinition,
  ActionContext,
  ActionOutcome,
  AuditSpec,
} from '@/lib/actions/core';
import { DomainError, UnavailableError } from '@/lib/errors';
import { formatMoney } from '@/lib/money';
import { paymentAuditMetadata, paymentIdentity, paymentRequestHash } from './payment-identity';
import { cardPaymentSchema, paymentRequestSchema, type CardInput } from './payment-schema';
import {
  ProviderUnavailableError,
  type ChargeResult,
  type PaymentProvider,
} from './providers/provider';
import { sendPaymentReceipt } from './receipt';
import { settlePayment } from './settle';

export const IDEMPOTENCY_CONFLICT_MESSAGE =
  'This payment attempt was already submitted with a different amount or card. Nothing was ' +
  'charged now. Reload the page to start a new payment.';

/** Added to a payment's answer when its receipt email is queued (the provider failed). */
export const RECEIPT_QUEUED =
  'The receipt email is queued (our email provider did not accept it just now) and will be sent automatically; the receipt is on its page.';
export const PROVIDER_UNAVAILABLE_MESSAGE =
  'The payment provider could not be reached. Nothing was charged; please try again.';

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

/** A payment's audit event: its amounts, reference and card (see paymentAuditMetadata). */
function paymentAudit(
  action: 'payment.started' | 'payment.succeeded' | 'payment.failed' | 'payment.replayed',
  payment: Payment,
  extra: Record<string, unknown> = {},
): AuditSpec {
  return {
    action,
    targetType: 'payment',
    targetId: payment.id,
    metadata: paymentAuditMetadata(payment, extra),
  };
}

/** The answer to a repeated attempt (same key, same parameters): the first attempt's result. */
function replayOutcome(payment: Payment): PaymentOutcome {
  const audit = paymentAudit('payment.replayed', payment, { status: payment.status });
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
 * Claims the idempotency key: inserts the pending payment, or finds the attempt that already
 * holds the key. Concurrent attempts with one key queue on the row's unique index; all but
 * the first see the first one's row. A key reused for other parameters is refused.
 */
async function claimPayment(
  { tx, access }: ActionContext,
  input: PaymentAttempt,
  provider: PaymentProvider,
): Promise<{ payment: Payment; fresh: boolean }> {
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
  if (payment) return { payment, fresh: true };
  const [existing] = await tx
    .select()
    .from(payments)
    .where(
      and(eq(payments.accountId, account.id), eq(payments.idempotencyKey, input.idempotencyKey)),
    );
  if (!existing) throw new Error('payment reference collision; retry with a new key');
  if (existing.requestHash !== requestHash) throw new DomainError(IDEMPOTENCY_CONFLICT_MESSAGE);
  return { payment: existing, fresh: false };
}

/** Asks the provider to charge; an unreachable provider is a refusal (nothing was charged). */
async function charge(
  provider: PaymentProvider,
  payment: Payment,
  input: PaymentAttempt,
): Promise<ChargeResult> {
  try {
    return await provider.charge({
      accountId: payment.accountId,
      paymentId: payment.id,
      reference: payment.reference,
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: input.idempotencyKey,
      description: `Alpenglow funds ${payment.reference}`,
      card: input.card,
    });
  } catch (error) {
    if (error instanceof ProviderUnavailableError) {
      console.error(`[payments] ${provider.id}: ${error.message}`);
      throw new UnavailableError(PROVIDER_UNAVAILABLE_MESSAGE);
    }
    throw error;
  }
}

/** A payment the provider confirms later (webhook or return page): remember its id. */
async function startedOutcome(tx: Tx, payment: Payment, providerPaymentId: string) {
  const [started] = await tx
    .update(payments)
    .set({ providerPaymentId })
    .where(and(eq(payments.accountId, payment.accountId), eq(payments.id, payment.id)))
    .returning();
  return {
    message:
      `Payment ${payment.reference} of ${formatMoney(payment.amount, payment.currency)} ` +
      'started. Confirm it with your card; the account is credited as soon as the payment ' +
      'provider confirms it.',
    audit: paymentAudit('payment.started', started ?? payment, { providerPaymentId }),
  };
}

/**
 * One payment attempt inside the action's transaction: claim the idempotency key (the
 * payment row), ask the provider, then settle. A repeated attempt replays the first result.
 */
async function attemptPayment(
  context: ActionContext,
  input: PaymentAttempt,
  provider: PaymentProvider,
): Promise<PaymentOutcome> {
  const { tx, access, ip } = context;
  const { payment, fresh } = await claimPayment(context, input, provider);
  if (!fresh) return replayOutcome(payment);
  const result = await charge(provider, payment, input);
  if (result.status === 'pending') {
    return startedOutcome(tx, payment, result.providerPaymentId);
  }
  const settled = await settlePayment(tx, payment, result, { actorUserId: access.user.id, ip });
  const message = successMessage(
    settled.payment,
    settled.credited?.account ?? access.account,
    settled.credited?.statusChanged ?? false,
  );
  if (result.status === 'failed') {
    return {
      message: result.message,
      refused: true,
      audit: paymentAudit('payment.failed', settled.payment),
    };
  }
  return {
    data: { creditedPaymentId: payment.id },
    // The payment stands whatever happens to the email; the receipt stays on its page.
    afterCommit: async () => {
      const receipt = await sendPaymentReceipt(payment.accountId, payment.id);
      if (receipt?.status === 'queued') return { message: `${message} ${RECEIPT_QUEUED}` };
    },
    message,
    audit: paymentAudit('payment.succeeded', settled.payment, {
      balanceAfter: settled.credited?.balanceAfter,
    }),
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
