import { and, eq, isNull } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import {
  executeAccountAction,
  type AccountActionDefinition,
  type ActionContext,
  type ActionOutcome,
  type ActionResult,
  type ContinuedOutcome,
} from '@/lib/actions/core';
import { recordAudit } from '@/lib/audit';
import type { Principal } from '@/lib/authz/access';
import { formatMoney } from '@/lib/money';
import { DomainError } from '@/lib/organizations';
import { COSTLY_ACTION_LIMITS, enforceLimits } from '@/lib/security/throttle';
import {
  cardPaymentSchema,
  paymentRequestSchema,
  type CardInput,
  type CardPaymentRequest,
  type PaymentRequest,
} from './payment-schema';
import {
  IDEMPOTENCY_CONFLICT_MESSAGE,
  lockPayment,
  paymentAuditMetadata,
  paymentIdentity,
  paymentRequestHash,
  PROVIDER_UNAVAILABLE_MESSAGE,
  settlePayment,
} from './payments';
import {
  ProviderUnavailableError,
  type ChargeResult,
  type PaymentProvider,
} from './providers/provider';
import { sendPaymentReceipt } from './receipt';

/**
 * A payment attempt in two steps, so that no lock is held while a payment provider answers:
 *
 * 1. In the action's transaction (account row locked, access checked under the lock): claim
 *    the idempotency key — the payments row, `pending` — and count the attempt against the
 *    per-user and per-account limits. Commit.
 * 2. After the commit, outside any transaction: ask the provider (which gets the payment's
 *    own idempotency key), then in a short transaction lock the payment row and settle it
 *    (the ledger posting locks the account row only for that moment), with its audit events.
 *
 * Concurrent attempts with one key queue on the row's unique index in step 1; all but the
 * first find the row. A settled row is replayed; a row still pending (a crash between the
 * steps, a concurrent twin, a Stripe payment awaiting the card) is resumed: the provider is
 * asked again with the same idempotency key, so it charges once, and the payment-row lock in
 * step 2 settles it once. A provider that cannot be reached charged nothing: the fresh
 * pending row is removed again, so nothing is left written.
 */

export interface PaymentHooks {
  /** Called (inside the settling transaction) when a payment was credited. */
  onCredited?: (payment: Payment) => void;
  /** Called when a provider's own UI must confirm the payment (Stripe.js). */
  onStarted?: (payment: Payment, clientSecret: string | null) => void;
}

interface AttemptInput {
  amount: number;
  idempotencyKey: string;
  card?: CardInput;
}

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
function replayOutcome(payment: Payment): ContinuedOutcome {
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
  input: AttemptInput,
  provider: PaymentProvider,
  hooks: PaymentHooks,
): Promise<ActionOutcome> {
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
  const actor = { actorUserId: access.user.id, ip };
  if (claimed) {
    // Only new attempts count; a refusal rolls the claim back with the count.
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
    return { ...replayOutcome(payment), audit: replayAudit(payment) };
  }
  return {
    message: '',
    audit: [],
    continueAfterCommit: () =>
      chargeAndSettle(provider, payment, input.card, actor, { resumed: !claimed, hooks }),
  };
}

function replayAudit(payment: Payment) {
  return {
    action: 'payment.replayed',
    targetType: 'payment',
    targetId: payment.id,
    metadata: paymentAuditMetadata(payment, { status: payment.status }),
  };
}

/** Step 2, after the commit: the provider call, then a short settling transaction. */
async function chargeAndSettle(
  provider: PaymentProvider,
  payment: Payment,
  card: CardInput | undefined,
  actor: Actor,
  options: { resumed: boolean; hooks: PaymentHooks },
): Promise<ContinuedOutcome> {
  const db = await getDb();
  let result: ChargeResult;
  try {
    result = await provider.charge({
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
    throw new DomainError(PROVIDER_UNAVAILABLE_MESSAGE);
  }
  return db.transaction(async (tx) => {
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
      // The browser confirms it (again) with the provider's client secret.
      options.hooks.onStarted?.(current, result.clientSecret);
      if (options.resumed) return replayOutcome(current);
      return {
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
    options.hooks.onCredited?.(settled.payment);
    return {
      message: successMessage(
        settled.payment,
        settled.credited?.account ?? null,
        settled.credited?.statusChanged ?? false,
      ),
    };
  });
}

/** Pay with a card typed into the console's form (the test provider collects cards). */
export function cardPaymentDefinition(provider: PaymentProvider, hooks: PaymentHooks = {}) {
  return {
    schema: cardPaymentSchema,
    permission: 'billing.manage',
    run: (input: CardPaymentRequest, context: ActionContext) =>
      claimPayment(context, input, provider, hooks),
  } satisfies AccountActionDefinition<typeof cardPaymentSchema>;
}

/** Pay through a provider that collects the card itself (Stripe): amount and key only. */
export function providerPaymentDefinition(provider: PaymentProvider, hooks: PaymentHooks = {}) {
  return {
    schema: paymentRequestSchema,
    permission: 'billing.manage',
    run: (input: PaymentRequest, context: ActionContext) =>
      claimPayment(context, input, provider, hooks),
  } satisfies AccountActionDefinition<typeof paymentRequestSchema>;
}

/**
 * A payment attempt through the one action core, then (after the commit) its receipt email.
 * The console's server action binds the same definitions through the form wrapper.
 */
export async function submitPayment(
  provider: PaymentProvider,
  request: { principal: Principal | null; accountId: string; input: unknown; ip: string | null },
  extraHooks: Pick<PaymentHooks, 'onStarted'> = {},
): Promise<{ result: ActionResult; creditedPaymentId: string | null }> {
  let credited: Payment | null = null;
  const hooks: PaymentHooks = { ...extraHooks, onCredited: (payment) => (credited = payment) };
  const result = provider.collectsCard
    ? await executeAccountAction(cardPaymentDefinition(provider, hooks), request)
    : await executeAccountAction(providerPaymentDefinition(provider, hooks), request);
  const creditedPayment = result.ok ? (credited as Payment | null) : null;
  if (creditedPayment) await sendPaymentReceipt(creditedPayment.accountId, creditedPayment.id);
  return { result, creditedPaymentId: creditedPayment?.id ?? null };
}
