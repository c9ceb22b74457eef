import { createHash } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './provider';

/**
 * The built-in test processor (the default; no network). Like a card network's test mode,
 * the card number decides the outcome. Documented in the README.
 */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
} as const;

const OUTCOMES: Record<string, { code: string; message: string }> = {
  [TEST_CARDS.declined]: {
    code: 'card_declined',
    message: 'Your card was declined. Nothing was charged; try another card.',
  },
  [TEST_CARDS.insufficientFunds]: {
    code: 'insufficient_funds',
    message: 'Your card has insufficient funds. Nothing was charged; try another card.',
  },
};

export const testCardProvider: PaymentProvider = {
  id: 'test',
  collectsCard: true,
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const card = request.card;
    if (!card) throw new Error('the test provider needs card details');
    // A stable id per attempt, like a processor's charge id (never derived from the card).
    const providerPaymentId = `test_ch_${createHash('sha256')
      .update(`${request.accountId}:${request.paymentId}`)
      .digest('hex')
      .slice(0, 24)}`;
    const summary = { brand: card.brand, last4: card.last4 };
    const failure = OUTCOMES[card.number];
    if (failure) return { status: 'failed', providerPaymentId, card: summary, ...failure };
    return { status: 'succeeded', providerPaymentId, card: summary };
  },
};
