import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type DbOrTx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import type {
  AccountActionDefinition,
  ActionContext,
  ActionOutcome,
  ContinuedOutcome,
} from '@/lib/actions/core';
import { recordAudit } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { formatMoney } from '@/lib/money';
import { COSTLY_ACTION_LIMITS, enforceLimits } from '@/lib/security/throttle';
import { cardPaymentSchema, paymentRequestSchema, type CardInput } from './payment-schema';
import {
  IDEMPOTENCY_CONFLICT_MESSAGE,
  lockPayment,
  paymentAuditMetadata,
  paymentIdentity,
  paymentRequestHash,
  PROVIDER_UNAVAILABLE_MESSAGE,
  settlePayment,
} from './payment-records';
import {
  ProviderUnavailableError,
  type ChargeResult,
  type PaymentProvider,
} from './providers/provider';
import { sendPaymentReceipt } from './receipt';

export {
  describeCard,
  getPayment,
  IDEMPOTENCY_CONFLICT_MESSAGE,
  listPayments,
  lockPayment,
  paymentAuditMetadata,
  paymentIdentity,
  paymentRequestHash,
  PROVIDER_UNAVAILABLE_MESSAGE,
  settlePayment,
  type Settlement,
  type SettleResult,
} from './payment-records';

/**
 * A payment attempt in two steps, so that no lock is held while a payment provider answers:
 *
 * 1. In the action's transaction (account row locked, access checked under the lock): claim
 *    the idempotency key — the payments row, `pending` — and count a new attempt against the
 *    per-user and per-account limits. Commit.
 * 2. After the commit, outside any transaction (the core's `continueAfterCommit`): ask the
 *    provider (with the payment's own idempotency key), then in a short transaction lock the
 *    payment row and settle it, with its audit events.
 *
 * Concurrent attempts with one key queue on the row's unique index in step 1; all but the
 * first find the row. A settled row is replayed; a row still pending (a crash between the
 * steps, a concurrent twin, a Stripe payment awaiting the card) is resumed: the provider is
 * asked again with the same idempotency key, so it charges once, and the payment row lock of
 * step 2 settles it once. A provider that cannot be reached charged nothing: the fresh claim
 * is withdrawn, so nothing is left written.
 */

/** What a payment attempt hands back to its door besides the message. */
export interface PaymentData {
  /** Set when this attempt credited the account (its receipt is then on its way). */
  creditedPaymentId?: string;
  /** Set when the provider's own UI must confirm the payment in the browser (Stripe.js). */
  confirm?: { paymentId: string; clientSecret: string };
}

type PaymentOutcome = ContinuedOutcome<PaymentData>;

/** A payment attempt as a provider needs it: the card only when we collect it ourselves. */
type PaymentAttempt = { amount: number; idempotencyKey: string; card?: CardInput };

interface Actor {
  actorUserId: string;
  ip: string | null;
}

function successMessage(payment: Payment, account: Account | null, statusChanged: boolean) {
  const name = !account || account.kind === 'personal' ? 'Your account' : account.name;
  return (
    `Payment received: ${formatMoney(payment.amount, payment.currency)} (${payment.reference}).` +
    (statusChanged ? ` ${name} is now ACTIVE.` : '') +
    ' A receipt is on its way by email.'
  );
}

/** The answer to a repeated attempt (same key, same parameters): the first attempt's result. */
function replayOutcome(payment: Payment): PaymentOutcome {
  switch (payment.status) {
    case 'succeeded':
      return {
        message:
          `Payment received: ${formatMoney(payment.amount, payment.currency)} ` +
          `(${payment.reference}). This was a repeat of the same attempt: you were charged once.`,
      };
    case 'failed':
      return { message: payment.failureMessage ?? 'The payment failed.', refused: true };
    case 'pending':
      return {
        message: `Payment ${payment.reference} is being processed. Nothing more was charged.`,
      };
  }
}

async function audit(
  db: DbOrTx,
  payment: Payment,
  actor: Actor,
  action: string,
  extra: Record<string, unknown> = {},
) {
  await recordAudit(db, {
    accountId: payment.accountId,
    actorUserId: actor.actorUserId,
    action,
    targetType: 'payment',
    targetId: payment.id,
    metadata: paymentAuditMetadata(payment, extra),
    ip: actor.ip,
  });
}

/** Step 1, in the action's transaction: claim the key (or find the earlier claim). */
async function claimPayment(
  { tx, access, ip }: ActionContext,
  input: PaymentAttempt,
  provider: PaymentProvider,
): Promise<ActionOutcome<PaymentData>> {
  const account = access.account;
  const { id, reference } = paymentIdentity(account.id, input.idempotencyKey);
  const requestHash = paymentRequestHash({
    amount: input.amount,
    currency: account.currency,
    provider: provider.id,
    card: input.card ?? null,
  });
  const [claimed] = await tx
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
  if (claimed) {
    // Only new attempts count; a refusal rolls the claim back with its count.
    await enforceLimits(tx, 'payment attempts', [
      [COSTLY_ACTION_LIMITS.paymentPerUser, access.user.id],
      [COSTLY_ACTION_LIMITS.paymentPerAccount, account.id],
    ]);
  }
  const [payment] = claimed
    ? [claimed]
    : await tx
        .select()
        .from(payments)
        .where(
          and(
            eq(payments.accountId, account.id),
            eq(payments.idempotencyKey, input.idempotencyKey),
          ),
        );
  if (!payment) throw new Error('payment reference collision; retry with a new key');
  if (payment.requestHash !== requestHash) throw new DomainError(IDEMPOTENCY_CONFLICT_MESSAGE);
  if (payment.status !== 'pending') {
    return {
      ...replayOutcome(payment),
      audit: {
        action: 'payment.replayed',
        targetType: 'payment',
        targetId: payment.id,
        metadata: paymentAuditMetadata(payment, { status: payment.status }),
      },
    };
  }
  const actor = { actorUserId: access.user.id, ip };
  return {
    message: '',
    audit: [],
    continueAfterCommit: () =>
      chargeAndSettle(provider, payment, input.card, actor, { resumed: !claimed }),
  };
}

/** Asks the provider; a provider that cannot be reached withdraws a fresh claim. */
async function charge(
  provider: PaymentProvider,
  payment: Payment,
  card: CardInput | undefined,
): Promise<ChargeResult> {
  try {
    return await provider.charge({
      accountId: payment.accountId,
      paymentId: payment.id,
      reference: payment.reference,
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: payment.idempotencyKey,
      description: `Alpenglow funds ${payment.reference}`,
      card,
    });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    console.error(`[payments] ${provider.id}: ${error.message}`);
    // Nothing was charged: the claim is withdrawn (a retry with the key claims it afresh).
    await (await getDb())
      .delete(payments)
      .where(
        and(
          eq(payments.accountId, payment.accountId),
          eq(payments.id, payment.id),
          eq(payments.status, 'pending'),
          isNull(payments.providerPaymentId),
        ),
      );
    throw new DomainError(PROVIDER_UNAVAILABLE_MESSAGE);
  }
}

/** Step 2, after the commit: the provider call, then a short settling transaction. */
async function chargeAndSettle(
  provider: PaymentProvider,
  payment: Payment,
  card: CardInput | undefined,
  actor: Actor,
  options: { resumed: boolean },
): Promise<PaymentOutcome> {
  const result = await charge(provider, payment, card);
  const db = await getDb();
  return db.transaction(async (tx): Promise<PaymentOutcome> => {
    const locked = await lockPayment(tx, payment.accountId, payment.id);
    if (!locked) throw new DomainError(PROVIDER_UNAVAILABLE_MESSAGE);
    if (locked.status !== 'pending') {
      await audit(tx, locked, actor, 'payment.replayed', { status: locked.status });
      return replayOutcome(locked);
    }
    if (result.status === 'pending') {
      const [started] = await tx
        .update(payments)
        .set({ providerPaymentId: result.providerPaymentId })
        .where(and(eq(payments.accountId, locked.accountId), eq(payments.id, locked.id)))
        .returning();
      const current = started ?? locked;
      await audit(tx, current, actor, options.resumed ? 'payment.replayed' : 'payment.started', {
        providerPaymentId: result.providerPaymentId,
        ...(options.resumed ? { status: 'pending' } : {}),
      });
      // The browser confirms it (again, for a resumed attempt) with the client secret.
      const data: PaymentData = result.clientSecret
        ? { confirm: { paymentId: current.id, clientSecret: result.clientSecret } }
        : {};
      if (options.resumed) return { ...replayOutcome(current), data };
      return {
        data,
        message:
          `Payment ${current.reference} of ${formatMoney(current.amount, current.currency)} ` +
          'started. Confirm it with your card; the account is credited as soon as the payment ' +
          'provider confirms it.',
      };
    }
    const settled = await settlePayment(tx, locked, result, actor);
    if (result.status === 'failed') {
      await audit(tx, settled.payment, actor, 'payment.failed');
      return { message: result.message, refused: true };
    }
    await audit(tx, settled.payment, actor, 'payment.succeeded', {
      balanceAfter: settled.credited?.balanceAfter,
    });
    return {
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
    };
  });
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
    run: (input: PaymentAttempt, context: ActionContext) => claimPayment(context, input, provider),
  } satisfies AccountActionDefinition<typeof schema, PaymentData>;
}
