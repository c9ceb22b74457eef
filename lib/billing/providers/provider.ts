import type { CardInput } from '../payment-schema';

/** What a provider is asked to charge. Amount and account are fixed by the server. */
export interface ChargeRequest {
  accountId: string;
  paymentId: string;
  reference: string;
  /** Integer units (1/10,000 of the currency), a whole number of cents. */
  amount: number;
  currency: string;
  /** Stable per (account, attempt): a provider passes it on so its own retries are safe. */
  idempotencyKey: string;
  description: string;
  /** Present when the provider takes card details from our own form (the test provider). */
  card?: CardInput;
}

export interface CardSummary {
  brand: string;
  last4: string;
}

/** Declined or failed: nothing is credited; `message` is shown to the user. */
export interface ChargeFailure {
  status: 'failed';
  providerPaymentId: string | null;
  card: CardSummary | null;
  code: string;
  message: string;
}

export type ChargeResult =
  /** Money collected: the account is credited in the same transaction. */
  | { status: 'succeeded'; providerPaymentId: string; card: CardSummary }
  | ChargeFailure
  /** Started; confirmed later (webhook / return page), e.g. a Stripe PaymentIntent. */
  | { status: 'pending'; providerPaymentId: string; clientSecret: string | null };

export interface PaymentProvider {
  /** Stored in payments.provider. */
  readonly id: string;
  /** Whether our form collects the card (true) or the provider's own UI does (false). */
  readonly collectsCard: boolean;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

/** The provider could not be reached or answered with an error: nothing was charged. */
export class ProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}
