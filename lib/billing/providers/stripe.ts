import Stripe from 'stripe';
import { UNITS_PER_CENT } from '@/lib/money';
import {
  ProviderUnavailableError,
  type CardSummary,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
} from './provider';

/**
 * Stripe, with the official SDK. A payment starts as a PaymentIntent created here (amount in
 * cents, our account and payment ids in its metadata, an idempotency key per payment); the
 * card is confirmed in the browser by Stripe.js, and the account is credited only when Stripe
 * says so — a signed webhook, or the return page asking Stripe (lib/billing/stripe-fulfilment).
 */
export interface StripeSettings {
  secretKey: string;
  webhookSecret: string | null;
  /** For a local stand-in of Stripe's API (tests): host, port and protocol. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Webhook signature tolerance in seconds (Stripe's default: 300). */
  toleranceSeconds?: number;
}

export const STRIPE_PROVIDER_ID = 'stripe';

export function stripeSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StripeSettings | null {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) return null;
  const settings: StripeSettings = { secretKey, webhookSecret: env.STRIPE_WEBHOOK_SECRET || null };
  // STRIPE_API_BASE: another API endpoint than Stripe's (a local stand-in, for tests).
  if (env.STRIPE_API_BASE) {
    const base = new URL(env.STRIPE_API_BASE);
    settings.host = base.hostname;
    settings.port = Number(base.port) || (base.protocol === 'http:' ? 80 : 443);
    settings.protocol = base.protocol === 'http:' ? 'http' : 'https';
  }
  return settings;
}

export function stripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.protocol ? { protocol: settings.protocol } : {}),
  });
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

/** Brand and last 4 of the card a PaymentIntent was paid with, when Stripe included them. */
export function cardOfPaymentIntent(intent: Stripe.PaymentIntent): CardSummary | null {
  const method = intent.payment_method;
  if (!method || typeof method === 'string' || !method.card) return null;
  return {
    brand: BRANDS[method.card.brand] ?? method.card.brand,
    last4: method.card.last4,
  };
}

export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const client = stripeClient(settings);
  return {
    id: STRIPE_PROVIDER_ID,
    collectsCard: false,
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      if (request.amount % UNITS_PER_CENT !== 0) throw new RangeError('not a whole cent amount');
      try {
        const intent = await client.paymentIntents.create(
          {
            amount: request.amount / UNITS_PER_CENT,
            currency: request.currency.toLowerCase(),
            description: request.description,
            metadata: {
              accountId: request.accountId,
              paymentId: request.paymentId,
              reference: request.reference,
            },
            automatic_payment_methods: { enabled: true },
          },
          { idempotencyKey: `alpenglow-payment-${request.paymentId}` },
        );
        return {
          status: 'pending',
          providerPaymentId: intent.id,
          clientSecret: intent.client_secret,
        };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeError) {
          throw new ProviderUnavailableError(`Stripe: ${error.type}: ${error.message}`, {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}
