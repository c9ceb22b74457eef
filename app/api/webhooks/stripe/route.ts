import { stripeSettingsFromEnv } from '@/lib/billing/providers/stripe';
import {
  handleStripeWebhook,
  readCappedBody,
  STRIPE_WEBHOOK_MAX_BYTES,
} from '@/lib/billing/stripe-fulfilment';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

function answer(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/**
 * Stripe's webhook endpoint. Nothing is read from the body before the cheap checks pass: the
 * webhook secret must be configured and the `Stripe-Signature` header present; the body is
 * capped at STRIPE_WEBHOOK_MAX_BYTES (413 beyond). The raw body is then passed as received:
 * the signature is computed over those exact bytes (lib/billing/stripe-fulfilment.ts verifies
 * it before anything else).
 */
export async function POST(request: Request): Promise<Response> {
  const settings = stripeSettingsFromEnv();
  if (!settings?.webhookSecret) {
    return answer(503, { error: 'Stripe webhooks are not configured.' });
  }
  const signature = request.headers.get('stripe-signature');
  if (!signature) return answer(400, { error: 'Missing Stripe-Signature header.' });
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= STRIPE_WEBHOOK_MAX_BYTES)) {
    return answer(413, { error: 'Payload too large.' });
  }
  const rawBody = await readCappedBody(request, STRIPE_WEBHOOK_MAX_BYTES);
  if (rawBody === null) return answer(413, { error: 'Payload too large.' });
  const { status, body } = await handleStripeWebhook(settings, rawBody, signature);
  return answer(status, body);
}
