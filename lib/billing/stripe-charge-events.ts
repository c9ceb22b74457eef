import Stripe from 'stripe';
import { getDb, type DbOrTx } from '@/db/client';
import { processedWebhookEvents } from '@/db/schema';
import { isUuid } from '@/lib/validation';
import { UNITS_PER_CENT } from '@/lib/money';
import { sendBalanceNotices } from './balance-emails';
import { sendCreditNote } from './credit-note-email';
import type { PostedCreditNote } from './credit-notes';
import { applyDisputeClosed, applyDisputeOpened, type DisputeEvent } from './disputes';
import { lockPayment } from './payments';
import { STRIPE_PROVIDER_ID } from './providers/stripe';
import { applyRefund } from './refunds';

/**
 * Stripe's events about money going back after a payment: `charge.refunded` (full or partial)
 * and `charge.dispute.created` / `charge.dispute.closed`. The event names a PaymentIntent;
 * our account and payment come from that intent's metadata as Stripe itself returns it (an
 * API call), never from the event alone. Under the payment row's lock the event id is
 * recorded (a replay does nothing), the charge is checked against the payment, and the
 * refund or dispute module posts its ledger entry and credit note; the credit note is
 * emailed after the commit.
 */
export const CHARGE_EVENT_TYPES = new Set([
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
]);

export interface ChargeEventResult {
  status: number;
  body: Record<string, unknown>;
}

const ack = (outcome: string): ChargeEventResult => ({
  status: 200,
  body: { received: true, outcome },
});

function intentIdOf(object: Stripe.Charge | Stripe.Dispute): string | null {
  const intent = object.payment_intent;
  if (!intent) return null;
  return typeof intent === 'string' ? intent : intent.id;
}

export async function handleChargeEvent(
  client: Stripe,
  event: Stripe.Event,
): Promise<ChargeEventResult> {
  const object = event.data.object as Stripe.Charge | Stripe.Dispute;
  const intentId = intentIdOf(object);
  if (!intentId) return ack('not_ours');
  let intent: Stripe.PaymentIntent;
  try {
    intent = await client.paymentIntents.retrieve(intentId);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) return ack('not_ours');
    // Stripe unreachable: answer non-2xx so it delivers the event again later.
    console.error(`[stripe] ${event.type} ${event.id}: intent ${intentId} not retrieved`, error);
    return { status: 503, body: { received: false, error: 'Try again later.' } };
  }
  const accountId = intent.metadata?.accountId ?? '';
  const paymentId = intent.metadata?.paymentId ?? '';
  if (!isUuid(accountId) || !isUuid(paymentId)) return ack('not_ours');

  const db = await getDb();
  let note: PostedCreditNote | null = null;
  const outcome = await db.transaction(async (tx) => {
    const payment = await lockPayment(tx, accountId, paymentId);
    if (!payment) return 'unknown_payment';
    const [fresh] = await tx
      .insert(processedWebhookEvents)
      .values({ provider: STRIPE_PROVIDER_ID, eventId: event.id })
      .onConflictDoNothing()
      .returning();
    if (!fresh) return 'duplicate_event';
    if (
      payment.provider !== STRIPE_PROVIDER_ID ||
      payment.providerPaymentId !== intent.id ||
      object.currency.toUpperCase() !== payment.currency
    ) {
      return 'mismatch';
    }
    const common = { provider: STRIPE_PROVIDER_ID, eventId: event.id };
    if (event.type === 'charge.refunded') {
      const charge = object as Stripe.Charge;
      note = await applyRefund(tx, payment, {
        ...common,
        chargeId: charge.id,
        cumulativeUnits: charge.amount_refunded * UNITS_PER_CENT,
      });
    } else {
      const dispute = object as Stripe.Dispute;
      const input: DisputeEvent = {
        ...common,
        disputeId: dispute.id,
        amountUnits: dispute.amount * UNITS_PER_CENT,
        status: dispute.status,
        reason: dispute.reason ?? null,
      };
      note =
        event.type === 'charge.dispute.created'
          ? await applyDisputeOpened(tx, payment, input)
          : await applyDisputeClosed(tx, payment, input);
    }
    return note ? 'recorded' : 'nothing_to_post';
  });
  if (outcome === 'unknown_payment') {
    // Ours by its metadata, but not (yet) here: Stripe retries; the id was not recorded.
    return { status: 409, body: { received: false, outcome, error: 'Unknown payment.' } };
  }
  await sendCreditNoteEmails(db, note as PostedCreditNote | null);
  return ack(outcome);
}

/**
 * After commit: the credit note, and the suspension or low-balance notice its entry calls for.
 * Recorded already, so a failing email must not turn into a retried event; the page stays.
 */
async function sendCreditNoteEmails(db: DbOrTx, written: PostedCreditNote | null) {
  if (!written) return;
  try {
    await sendCreditNote(written.accountId, written.id);
    const ids = [written.accountId];
    if (written.balanceNotice) {
      await sendBalanceNotices(db, {
        suspended: written.balanceNotice === 'suspended' ? ids : [],
        lowBalance: written.balanceNotice === 'low' ? ids : [],
      });
    }
  } catch (error) {
    console.error(`[stripe] credit note email for ${written.id} failed:`, error);
  }
}
