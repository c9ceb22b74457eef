import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import { postLedgerEntry } from './ledger';
import { describeCard } from './payment-identity';
import type { CardSummary, ChargeFailure } from './providers/provider';

// Settling a payment: the one place a payment becomes succeeded (crediting the ledger once)
// or failed, whichever door saw the provider's answer (the console's attempt, Stripe's
// webhook or return page).

export type Settlement =
  | { status: 'succeeded'; providerPaymentId: string; card: CardSummary | null }
  | ChargeFailure;

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
  context: {
    actorUserId: string | null;
    ip: string | null;
    /** Back-dating, for the demo seed's history only; defaults to the transaction's now(). */
    at?: Date;
  },
): Promise<SettleResult> {
  const completedAt = context.at ?? sql`now()`;
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
        completedAt,
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
      completedAt,
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
    at: context.at,
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
