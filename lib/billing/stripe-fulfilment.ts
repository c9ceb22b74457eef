import type Stripe from 'stripe';
import { getDb, type Tx } from '@/db/client';
import { processedWebhookEvents, type Payment } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { isUuid } from '@/lib/validation';
import { UNITS_PER_CENT } from '@/lib/money';
import { paymentAuditMetadata } from './payment-identity';
import { getPayment, lockPayment } from './payments';
import { settlePayment } from './settle';
import type { CardSummary } from './providers/provider';
import {
  cardOfPaymentIntent,
  STRIPE_PROVIDER_ID,
  stripeClient,
  type StripeSettings,
} from './providers/stripe';
import { sendPaymentReceipt } from './receipt';
import { CHARGE_EVENT_TYPES, handleChargeEvent } from './stripe-charge-events';

export type FulfilmentOutcome =
  /** This call credited the account. */
  | 'credited'
  /** This call recorded the payment as failed. */
  | 'failed'
  /** Already settled by an earlier call (a replay, or the other path won the race). */
  | 'already_settled'
  /** A webhook event already processed (same event id). */
  | 'duplicate_event'
  /**
   * No payment of ours matches the PaymentIntent's metadata (unknown payment / account, or a
   * payment whose transaction has not committed yet). A webhook event is not recorded as
   * processed, so a retry by Stripe is handled afresh.
   */
  | 'unknown_payment'
  /** Amount, currency or ids differ from what the server fixed at the start: nothing credited. */
  | 'mismatch'
  /** Still in progress on Stripe's side. */
  | 'pending';

export interface FulfilmentResult {
  outcome: FulfilmentOutcome;
  accountId?: string;
  paymentId?: string;
}

type FulfilOptions = { eventId?: string; card?: CardSummary | null };

/**
 * Settles our payment from a PaymentIntent that Stripe vouched for (a verified webhook event,
 * or a PaymentIntent retrieved from Stripe's API). The amount, currency, account and payment
 * are re-checked against the payment row fixed when it started; the row is locked, so a
 * webhook and a return page racing each other credit once. A webhook's event id is recorded
 * in the same transaction, so a replayed event does nothing.
 */
export async function fulfilPaymentIntent(
  intent: Stripe.PaymentIntent,
  options: FulfilOptions = {},
): Promise<FulfilmentResult> {
  const db = await getDb();
  const result = await db.transaction((tx) => fulfilLocked(tx, intent, options));
  if (result.outcome === 'credited' && result.accountId && result.paymentId) {
    try {
      await sendPaymentReceipt(result.accountId, result.paymentId);
    } catch (error) {
      // The credit is committed: a failing receipt must not turn into an error answer (a
      // webhook would then be retried for nothing). The receipt stays available on its page.
      console.error(`[stripe] receipt email for ${result.paymentId} failed:`, error);
    }
  }
  return result;
}

async function fulfilLocked(
  tx: Tx,
  intent: Stripe.PaymentIntent,
  options: FulfilOptions,
): Promise<FulfilmentResult> {
  const accountId = intent.metadata?.accountId ?? '';
  const paymentId = intent.metadata?.paymentId ?? '';
  // The payment first: an event for a payment we do not know (yet) is not recorded as
  // processed — its payment may still be committing, and Stripe's retry must not be
  // swallowed as a duplicate. Events of one payment queue on its row lock.
  if (!isUuid(accountId) || !isUuid(paymentId)) return { outcome: 'unknown_payment' };
  const payment = await lockPayment(tx, accountId, paymentId);
  if (!payment) return { outcome: 'unknown_payment' };
  const ids = { accountId, paymentId };
  if (options.eventId) {
    const [fresh] = await tx
      .insert(processedWebhookEvents)
      .values({ provider: STRIPE_PROVIDER_ID, eventId: options.eventId })
      .onConflictDoNothing()
      .returning();
    if (!fresh) return { outcome: 'duplicate_event', ...ids };
  }
  const problems = mismatches(payment, intent);
  if (problems.length) {
    await recordAudit(tx, {
      accountId,
      actorUserId: null,
      action: 'payment.event_rejected',
      targetType: 'payment',
      targetId: payment.id,
      metadata: paymentAuditMetadata(payment, {
        mismatch: problems,
        eventId: options.eventId ?? null,
        providerPaymentId: intent.id,
        providerAmountCents: intent.amount,
        providerCurrency: intent.currency,
      }),
    });
    return { outcome: 'mismatch', ...ids };
  }
  if (payment.status === 'succeeded') return { outcome: 'already_settled', ...ids };
  return { outcome: await settleFromIntent(tx, payment, intent, options), ...ids };
}

/** What differs between our payment row and Stripe's PaymentIntent (nothing: settle it). */
function mismatches(payment: Payment, intent: Stripe.PaymentIntent): string[] {
  const problems: string[] = [];
  if (payment.provider !== STRIPE_PROVIDER_ID) problems.push('provider');
  if (payment.providerPaymentId !== intent.id) problems.push('payment intent id');
  if (intent.amount * UNITS_PER_CENT !== payment.amount) problems.push('amount');
  if (intent.currency.toUpperCase() !== payment.currency) problems.push('currency');
  return problems;
}

/** The intent's final state onto our (locked, matching) payment, with its audit event. */
async function settleFromIntent(
  tx: Tx,
  payment: Payment,
  intent: Stripe.PaymentIntent,
  options: FulfilOptions,
): Promise<'credited' | 'failed' | 'pending'> {
  const card = options.card ?? cardOfPaymentIntent(intent);
  const actor = { actorUserId: payment.createdByUserId, ip: null };
  const via = options.eventId ? { via: 'webhook', eventId: options.eventId } : { via: 'return' };
  const audit = (action: 'payment.succeeded' | 'payment.failed', metadata: object) =>
    recordAudit(tx, {
      ...actor,
      accountId: payment.accountId,
      action,
      targetType: 'payment',
      targetId: payment.id,
      metadata: { ...metadata, ...via },
    });
  if (intent.status === 'succeeded') {
    const settlement = { status: 'succeeded', providerPaymentId: intent.id, card } as const;
    const settled = await settlePayment(tx, payment, settlement, actor);
    await audit(
      'payment.succeeded',
      paymentAuditMetadata(settled.payment, { balanceAfter: settled.credited?.balanceAfter }),
    );
    return 'credited';
  }
  const error = intent.last_payment_error;
  if (payment.status !== 'pending' || (!error && intent.status !== 'canceled')) return 'pending';
  const settled = await settlePayment(
    tx,
    payment,
    {
      status: 'failed',
      providerPaymentId: intent.id,
      card,
      code: error?.decline_code ?? error?.code ?? intent.status,
      message:
        error?.message ??
        (intent.status === 'canceled' ? 'The payment was canceled.' : 'The payment failed.'),
    },
    actor,
  );
  await audit('payment.failed', paymentAuditMetadata(settled.payment));
  return 'failed';
}

/** Stripe's events are a few KB; anything above this is refused (413) unread. */
export const STRIPE_WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * The request body as UTF-8 text, read at most `maxBytes` far: null (and the stream
 * cancelled) as soon as it is longer, whatever its Content-Length said.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
}

const HANDLED_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
]);

/**
 * The Stripe webhook: the signature over the raw body is verified with STRIPE_WEBHOOK_SECRET
 * (and its timestamp against the tolerance) before anything is read from it.
 */
export async function handleStripeWebhook(
  settings: StripeSettings | null,
  rawBody: string,
  signature: string | null,
): Promise<WebhookResponse> {
  if (!settings?.webhookSecret) {
    return { status: 503, body: { error: 'Stripe webhooks are not configured.' } };
  }
  if (!signature) return { status: 400, body: { error: 'Missing Stripe-Signature header.' } };
  const client = stripeClient(settings);
  let event: Stripe.Event;
  try {
    event = client.webhooks.constructEvent(
      rawBody,
      signature,
      settings.webhookSecret,
      settings.toleranceSeconds,
    );
  } catch {
    return { status: 400, body: { error: 'Invalid signature.' } };
  }
  if (CHARGE_EVENT_TYPES.has(event.type)) return handleChargeEvent(client, event);
  if (!HANDLED_EVENTS.has(event.type)) return { status: 200, body: { received: true } };
  const intent = event.data.object as Stripe.PaymentIntent;
  const card = cardOfPaymentIntent(intent) ?? (await retrieveCard(client, intent));
  const result = await fulfilPaymentIntent(intent, { eventId: event.id, card });
  if (result.outcome === 'unknown_payment' && hasPaymentMetadata(intent)) {
    // Carries our ids but no payment matches (yet): answer non-2xx so Stripe retries later
    // (with backoff, for up to 3 days); the event id was not recorded.
    return {
      status: 409,
      body: { received: false, outcome: result.outcome, error: 'Unknown payment; retry later.' },
    };
  }
  // An intent without our metadata is not ours at all (another integration on the same
  // Stripe account): acknowledged, nothing recorded.
  return { status: 200, body: { received: true, outcome: result.outcome } };
}

/** Whether the PaymentIntent names one of our payments (both ids present and well-formed). */
function hasPaymentMetadata(intent: Stripe.PaymentIntent): boolean {
  return isUuid(intent.metadata?.accountId ?? '') && isUuid(intent.metadata?.paymentId ?? '');
}

/** Brand and last 4 for the receipt, when the event carries only the payment method's id. */
async function retrieveCard(
  client: Stripe,
  intent: Stripe.PaymentIntent,
): Promise<CardSummary | null> {
  if (typeof intent.payment_method !== 'string') return null;
  try {
    const method = await client.paymentMethods.retrieve(intent.payment_method);
    return cardOfPaymentIntent({ ...intent, payment_method: method });
  } catch (error) {
    console.warn(`[stripe] payment method ${intent.payment_method} not retrieved:`, error);
    return null;
  }
}

/**
 * The return page: asks Stripe for the PaymentIntent of a pending payment and settles it.
 * Safe to call any number of times, also while the webhook arrives.
 */
export async function refreshStripePayment(
  settings: StripeSettings,
  accountId: string,
  paymentId: string,
): Promise<FulfilmentResult> {
  const db = await getDb();
  const payment = await getPayment(db, accountId, paymentId);
  if (!payment || payment.provider !== STRIPE_PROVIDER_ID || !payment.providerPaymentId) {
    return { outcome: 'unknown_payment' };
  }
  if (payment.status === 'succeeded') return { outcome: 'already_settled', accountId, paymentId };
  const intent = await stripeClient(settings).paymentIntents.retrieve(payment.providerPaymentId, {
    expand: ['payment_method'],
  });
  return fulfilPaymentIntent(intent);
}
