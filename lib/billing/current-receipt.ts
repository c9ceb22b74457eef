import type { DbOrTx } from '@/db/client';
import { STRIPE_PROVIDER_ID, stripeSettingsFromEnv } from './providers/stripe';
import { loadReceipt, type Receipt } from './receipt';
import { refreshStripePayment } from './stripe-fulfilment';

/**
 * A payment's receipt as it stands now. The receipt page is Stripe's return page, so a
 * pending Stripe payment is first settled from its PaymentIntent; when Stripe cannot be
 * reached the payment stays pending and the webhook settles it later.
 */
export async function loadCurrentReceipt(
  db: DbOrTx,
  accountId: string,
  paymentId: string,
): Promise<Receipt | null> {
  const receipt = await loadReceipt(db, accountId, paymentId);
  const stripe = stripeSettingsFromEnv();
  if (
    !receipt ||
    !stripe ||
    receipt.payment.provider !== STRIPE_PROVIDER_ID ||
    receipt.payment.status !== 'pending'
  ) {
    return receipt;
  }
  try {
    const result = await refreshStripePayment(stripe, accountId, paymentId);
    if (result.outcome === 'credited' || result.outcome === 'failed') {
      return (await loadReceipt(db, accountId, paymentId)) ?? receipt;
    }
  } catch (error) {
    console.error(`[payments] refreshing ${paymentId} from Stripe failed:`, error);
  }
  return receipt;
}
