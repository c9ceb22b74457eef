import type { DbOrTx } from '@/db/client';
import type { Payment } from '@/db/schema';
import { postCreditNote, refundedUnits, type PostedCreditNote } from './credit-notes';

/**
 * A refund, full or partial, takes back what it returned to the card. Providers report the
 * charge's *cumulative* refunded amount; each event posts only the part not yet posted (that
 * total minus the refunds already recorded for the payment, never more than the payment), so
 * events that arrive twice, late or out of order post every unit exactly once. The caller
 * holds the payment row (lockPayment) and has recorded the event id as processed.
 */
export async function applyRefund(
  tx: DbOrTx,
  payment: Payment,
  input: { provider: string; eventId: string; chargeId: string; cumulativeUnits: number },
): Promise<PostedCreditNote | null> {
  // A payment that never credited the account has nothing to take back.
  if (payment.status !== 'succeeded') return null;
  const before = await refundedUnits(tx, payment.accountId, payment.id);
  const total = Math.min(Math.max(0, input.cumulativeUnits), payment.amount);
  const delta = total - before;
  if (delta <= 0) return null;
  return postCreditNote(tx, {
    payment,
    kind: 'refund',
    amount: -delta,
    provider: input.provider,
    eventId: input.eventId,
    providerObjectId: input.chargeId,
    details: {
      refundedTotal: total,
      refundedBefore: before,
      fullRefund: total === payment.amount,
    },
  });
}
