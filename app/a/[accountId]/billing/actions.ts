'use server';

import { randomUUID } from 'node:crypto';
import type { PaymentFormState } from '@/components/billing/payment-form';
import { accountAction } from '@/lib/actions';
import { failure } from '@/lib/forms';
import { paymentDefinition } from '@/lib/billing/payments';
import {
  configuredPaymentProvider,
  PAYMENTS_NOT_CONFIGURED_MESSAGE,
} from '@/lib/billing/providers';
import { receiptPath } from '@/lib/billing/receipt';
import { setLowBalanceThresholdDefinition } from '@/lib/billing/threshold';

export const setLowBalanceThresholdAction = accountAction(setLowBalanceThresholdDefinition);

/**
 * Make a payment: the form door around the configured provider's payment definition (which
 * emails the receipt once its transaction has committed). Without a provider (production
 * without STRIPE_SECRET_KEY and without PAYMENTS_TEST_MODE=1) it refuses before anything is
 * read or written: payments fail closed. Every answer ends the attempt, so each carries a
 * fresh idempotency key for the next one.
 */
export async function makePaymentAction(
  previous: PaymentFormState,
  form: FormData,
): Promise<PaymentFormState> {
  const provider = configuredPaymentProvider();
  const nextIdempotencyKey = randomUUID();
  if (!provider) return { ...failure(PAYMENTS_NOT_CONFIGURED_MESSAGE), nextIdempotencyKey };
  const { data, ...state } = await accountAction(paymentDefinition(provider))(previous, form);
  const credited = data?.creditedPaymentId;
  const accountId = String(form.get('accountId'));
  return {
    ...state,
    link: credited ? { href: receiptPath(accountId, credited), label: 'View receipt' } : state.link,
    // A Stripe payment continues in the browser: Stripe.js confirms it with this secret.
    confirm: data?.confirm,
    nextIdempotencyKey,
  };
}
