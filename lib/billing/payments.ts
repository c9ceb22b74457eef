import { and, eq, isNull } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { payments, type Payment } from '@/db/schema';
import type { z } from 'zod';
import type { AccountActionDefinition, ActionContext, ContinuedOutcome } from '@/lib/actions/core';
import { recordAudit } from '@/lib/audit/record';
import { COSTLY_ACTION_LIMITS, enforceLimits } from '@/lib/security/throttle';
import { DomainError } from '@/lib/errors';
import { formatMoney } from '@/lib/money';
import { paymentIdentity, paymentRequestHash } from './payment-identity';
import { cardPaymentSchema, paymentRequestSchema, type CardInput } from './payment-schema';
import {
  ProviderUnavailableError,
  type ChargeResult,
  type PaymentProvider,
} from './providers/provider';
import {
  paymentAudit,
  replayOutcome,
  startedOutcome,
  successMessage,
  type PaymentData,
  type PaymentOutcome,
} from './payment-outcomes';
import { lockPayment } from './payment-queries';
import { sendPaymentReceipt } from './receipt';

export type { PaymentData } from './payment-outcomes';
export { getPayment, listPayments, lockPayment } from './payment-queries';
import { settlePayment } from './settle';

export const IDEMPOTENCY_CONFLICT_MESSAGE =
  'This payment attempt was already submitted with a different amount or card. Nothing was ' +
  'charged now. Reload the page to start a new payment.';

export const PROVIDER_UNAVAILABLE_MESSAGE =
  'The payment provider could not be reached. Nothing was charged; please try again.';

/** A payment attempt as a provider needs it: the card only when we collect it ourselves. */
type PaymentAttempt = { amount: number; idempotencyKey: string; card?: CardInput };

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
      throw new DomainError(PROVIDER_UNAVAILABLE_MESSAGE);
    }
    throw error;
  }
}

/**
 * A payment attempt in two steps, so that no lock is held while a payment provider answers:
 *
 * 1. In the action's transaction (account row locked, access checked under the lock): claim
 *    the idempotency key — the payments row, `pending` — and count a new attempt against the
 *    per-user and per-account limits. Commit.
 * 2. After the commit, outside any transaction (the core's `continueAfterCommit`): ask the
 *    provider (with the payment's own idempotency key), then in a short transaction lock the
 *    payment row (after the account row, as every payment path) and settle, with its audit.
 *
 * A settled row found again is replayed; a row still pending (a crash between the steps, a
 * concurrent twin, a Stripe payment awaiting the card) is resumed: the provider is asked again
 * with the same idempotency key, so it charges once, and the payment row lock settles it
 * once. A provider that cannot be reached charged nothing: a fresh claim is withdrawn, so
 * nothing is left written.
 */
async function attemptPayment(
  context: ActionContext,
  input: PaymentAttempt,
  provider: PaymentProvider,
): Promise<PaymentOutcome> {
  const { tx, access, ip } = context;
  const { payment, fresh } = await claimPayment(context, input, provider);
  if (fresh) {
    // Only new attempts count; a refusal rolls the claim back with its count.
    await enforceLimits(tx, 'payment attempts', [
      [COSTLY_ACTION_LIMITS.paymentPerUser, access.user.id],
      [COSTLY_ACTION_LIMITS.paymentPerAccount, access.account.id],
    ]);
  }
  if (payment.status !== 'pending') return replayOutcome(payment);
  const actor = { actorUserId: access.user.id, ip };
  return {
    message: '',
    audit: [],
    continueAfterCommit: () => chargeAndSettle(provider, payment, input, actor, !fresh),
  };
}

/** Writes an outcome's audit events (step 2 runs outside the action core's transaction). */
async function recordOutcome(
  tx: Tx,
  payment: Payment,
  outcome: PaymentOutcome,
  actor: { actorUserId: string; ip: string | null },
): Promise<ContinuedOutcome<PaymentData>> {
  const { audit, ...rest } = outcome;
  for (const spec of Array.isArray(audit) ? audit : [audit]) {
    await recordAudit(tx, { ...spec, accountId: payment.accountId, ...actor });
  }
  return rest;
}

/** Step 2, after the commit: the provider call, then a short settling transaction. */
async function chargeAndSettle(
  provider: PaymentProvider,
  payment: Payment,
  input: PaymentAttempt,
  actor: { actorUserId: string; ip: string | null },
  resumed: boolean,
): Promise<ContinuedOutcome<PaymentData>> {
  const db = await getDb();
  let result: ChargeResult;
  try {
    result = await charge(provider, payment, input);
  } catch (error) {
    // Nothing was charged: a fresh claim is withdrawn (a retry with the key claims it afresh).
    if (error instanceof DomainError && !resumed) await withdrawClaim(db, payment);
    throw error;
  }
  return db.transaction(async (tx) => {
    const locked = await lockPayment(tx, payment.accountId, payment.id);
    if (!locked) throw new DomainError(PROVIDER_UNAVAILABLE_MESSAGE);
    if (locked.status !== 'pending') return recordOutcome(tx, locked, replayOutcome(locked), actor);
    if (result.status === 'pending') {
      const started = await startedOutcome(tx, locked, result.providerPaymentId);
      // The browser confirms it (again, for a resumed attempt) with the client secret.
      const data: PaymentData = result.clientSecret
        ? {
            confirm: {
              paymentId: locked.id,
              clientSecret: result.clientSecret,
              amountLabel: formatMoney(locked.amount, locked.currency),
            },
          }
        : {};
      const outcome = resumed ? replayOutcome(locked) : started;
      return recordOutcome(tx, locked, { ...outcome, data }, actor);
    }
    const settled = await settlePayment(tx, locked, result, actor);
    if (result.status === 'failed') {
      const failed = paymentAudit('payment.failed', settled.payment);
      return recordOutcome(
        tx,
        locked,
        { message: result.message, refused: true, audit: failed },
        actor,
      );
    }
    return recordOutcome(
      tx,
      locked,
      {
        data: { creditedPaymentId: locked.id },
        // The payment stands whatever happens to the email; the receipt stays on its page.
        afterCommit: async () => {
          await sendPaymentReceipt(locked.accountId, locked.id);
        },
        message: successMessage(
          settled.payment,
          settled.credited?.account ?? null,
          settled.credited?.statusChanged ?? false,
        ),
        audit: paymentAudit('payment.succeeded', settled.payment, {
          balanceAfter: settled.credited?.balanceAfter,
        }),
      },
      actor,
    );
  });
}

/** Removes a fresh claim that never reached the provider's books. */
async function withdrawClaim(db: DbOrTx, payment: Payment): Promise<void> {
  await db
    .delete(payments)
    .where(
      and(
        eq(payments.accountId, payment.accountId),
        eq(payments.id, payment.id),
        eq(payments.status, 'pending'),
        isNull(payments.providerPaymentId),
      ),
    );
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
