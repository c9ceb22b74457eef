import type { PaymentProvider } from './provider';
import { createStripeProvider, stripeSettingsFromEnv } from './stripe';
import { testCardProvider } from './test-card';

/** Stripe when STRIPE_SECRET_KEY is set; otherwise the built-in test processor. */
export function configuredPaymentProvider(env: NodeJS.ProcessEnv = process.env): PaymentProvider {
  const stripe = stripeSettingsFromEnv(env);
  return stripe ? createStripeProvider(stripe) : testCardProvider;
}
