import type { PaymentProvider } from './provider';
import { createStripeProvider, stripeSettingsFromEnv } from './stripe';
import { testCardProvider } from './test-card';

/** The payment action's answer when no provider is set up (nothing is read or written). */
export const PAYMENTS_NOT_CONFIGURED_MESSAGE =
  'Payments are not configured on this server. Nothing was charged.';

/**
 * Whether the built-in test-card processor may take payments: outside production, or in a
 * production build explicitly run in test mode (`PAYMENTS_TEST_MODE=1`, e.g. the end-to-end
 * suite). A real deployment that forgot `STRIPE_SECRET_KEY` must never accept test cards as
 * money: it fails closed.
 */
export function testPaymentsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production' || env.PAYMENTS_TEST_MODE === '1';
}

/**
 * The payment provider of this server: Stripe when STRIPE_SECRET_KEY is set; otherwise the
 * built-in test processor where it is allowed (`testPaymentsAllowed`); otherwise null —
 * payments are unavailable (the billing page says so, the payment action refuses).
 */
export function configuredPaymentProvider(
  env: NodeJS.ProcessEnv = process.env,
): PaymentProvider | null {
  const stripe = stripeSettingsFromEnv(env);
  if (stripe) return createStripeProvider(stripe);
  return testPaymentsAllowed(env) ? testCardProvider : null;
}
