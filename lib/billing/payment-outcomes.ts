import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { payments, type Account, type Payment } from '@/db/schema';
import type { ActionOutcome, AuditSpec } from '@/lib/actions/core';
import { formatMoney } from '@/lib/money';
import { paymentAuditMetadata } from './payment-identity';

// What a payment attempt answers (messages, audit events, data for its door): shared by the
// two steps of an attempt (payments.ts).

/** What a payment attempt hands back to its door besides the message. */
export interface PaymentData {
  /** Set when this attempt credited the account (its receipt is then on its way). */
  creditedPaymentId?: string;
  /** Set when the provider's own UI must confirm the payment in the browser (Stripe.js). */
  confirm?: { paymentId: string; clientSecret: string; amountLabel: string };
}

export type PaymentOutcome = ActionOutcome<PaymentData>;

export function successMessage(payment: Payment, account: Account | null, statusChanged: boolean) {
  const name = !account || account.kind === 'personal' ? 'Your account' : account.name;
  return (
    `Payment received: ${formatMoney(payment.amount, payment.currency)} (${payment.reference}).` +
    (statusChanged ? ` ${name} is now ACTIVE.` : '') +
    ' A receipt is on its way by email.'
  );
}

/** A payment's audit event: its amounts, reference and card (see paymentAuditMetadata). */
export function paymentAudit(
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
export function replayOutcome(payment: Payment): PaymentOutcome {
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

/** A payment the provider confirms later (webhook or return page): remember its id. */
export async function startedOutcome(tx: Tx, payment: Payment, providerPaymentId: string) {
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
