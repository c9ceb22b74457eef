'use server';

import { randomUUID } from 'node:crypto';
import type { Payment } from '@/db/schema';
import type { PaymentFormState } from '@/components/billing/payment-form';
import { accountAction } from '@/lib/actions';
import {
  cardPaymentDefinition,
  providerPaymentDefinition,
  type PaymentHooks,
} from '@/lib/billing/payment-attempt';
import {
  configuredPaymentProvider,
  PAYMENTS_NOT_CONFIGURED_MESSAGE,
} from '@/lib/billing/providers';
import { receiptPath, sendPaymentReceipt } from '@/lib/billing/receipt';

/** Card fields are never echoed back to the browser. */
const NEVER_ECHOED = ['cardNumber', 'cardCvc', 'idempotencyKey'];

/**
 * Make a payment: the shared action wrapper (schema → billing.manage → transaction → audit →
 * revalidate) around the payment definition of the configured provider, then the receipt
 * email once the payment's transaction has committed. Without a provider (production without
 * STRIPE_SECRET_KEY and without PAYMENTS_TEST_MODE=1) it refuses before anything is read or
 * written: payments fail closed.
 */
export async function makePaymentAction(
  previous: PaymentFormState,
  form: FormData,
): Promise<PaymentFormState> {
  const provider = configuredPaymentProvider();
  if (!provider) {
    return {
      status: 'error',
      message: PAYMENTS_NOT_CONFIGURED_MESSAGE,
      nextIdempotencyKey: randomUUID(),
    };
  }
  let credited: Payment | null = null;
  const hooks: PaymentHooks = { onCredited: (payment) => (credited = payment) };
  const action = provider.collectsCard
    ? accountAction(cardPaymentDefinition(provider, hooks))
    : accountAction(providerPaymentDefinition(provider, hooks));
  const state = await action(previous, form);
  const payment = state.status === 'success' ? (credited as Payment | null) : null;
  if (payment) {
    try {
      await sendPaymentReceipt(payment.accountId, payment.id);
    } catch (error) {
      // The payment stands; the receipt stays available on its page.
      console.error(`[payments] receipt email for ${payment.id} failed:`, error);
    }
  }
  const values = state.values ? { ...state.values } : undefined;
  for (const field of NEVER_ECHOED) delete values?.[field];
  return {
    ...state,
    values,
    link: payment
      ? { href: receiptPath(payment.accountId, payment.id), label: 'View receipt' }
      : state.link,
    nextIdempotencyKey: randomUUID(),
  };
}
