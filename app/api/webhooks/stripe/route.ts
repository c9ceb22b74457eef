import { stripeSettingsFromEnv } from '@/lib/billing/providers/stripe';
import { handleStripeWebhook } from '@/lib/billing/stripe-fulfilment';

export const dynamic = 'force-dynamic';

/**
 * Stripe's webhook endpoint. The raw body is passed as received: the signature is computed
 * over those exact bytes (lib/billing/stripe-fulfilment.ts verifies it before anything else).
 */
export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const { status, body } = await handleStripeWebhook(
    stripeSettingsFromEnv(),
    rawBody,
    request.headers.get('stripe-signature'),
  );
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
