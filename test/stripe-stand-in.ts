import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { STRIPE_JS_STAND_IN } from './stripe-js-stand-in';

// A local stand-in for Stripe (no network here): just enough of its API for the official SDK
// — create and retrieve PaymentIntents, retrieve PaymentMethods — plus what Stripe's side does
// that tests need to trigger (a customer confirming, a refund, a dispute), signed webhook
// events, and (for the browser) a stand-in Stripe.js served at /v3/ with the endpoint its
// confirmPayment calls. It stands in for Stripe, never for our code.

export type Intent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: string;
  client_secret: string;
  description: string | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  latest_charge: string | null;
  last_payment_error: { code: string; decline_code?: string; message: string } | null;
  created: number;
  livemode: false;
};

export type Charge = {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  refunded: boolean;
  disputed: boolean;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
};

export type Dispute = {
  id: string;
  object: 'dispute';
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string;
  reason: string;
  status: string;
  created: number;
  livemode: false;
};

export const STAND_IN_SECRET_KEY = 'sk_test_standin';
export const STAND_IN_WEBHOOK_SECRET = 'whsec_standin_secret';

export function paymentMethod(id: string) {
  return { id, object: 'payment_method', type: 'card', card: { brand: 'visa', last4: '4242' } };
}

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

export class StripeStandIn {
  readonly intents = new Map<string, Intent>();
  readonly charges = new Map<string, Charge>();
  readonly requests: Array<{ method: string; path: string; idempotencyKey: string | null }> = [];
  private readonly byIdempotencyKey = new Map<string, string>();
  failNextCreate = false;
  private server = http.createServer((req, res) => this.handle(req, res));

  async start(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** What Stripe.js + the card network would do: the customer confirms the intent. */
  confirm(id: string, outcome: 'succeeded' | 'declined') {
    const intent = this.intents.get(id);
    if (!intent) throw new Error(`no intent ${id}`);
    if (outcome === 'succeeded') {
      intent.status = 'succeeded';
      intent.payment_method = 'pm_card_visa';
      intent.last_payment_error = null;
      const charge: Charge = {
        id: newId('ch'),
        object: 'charge',
        amount: intent.amount,
        amount_refunded: 0,
        currency: intent.currency,
        payment_intent: intent.id,
        refunded: false,
        disputed: false,
        metadata: {},
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      this.charges.set(charge.id, charge);
      intent.latest_charge = charge.id;
    } else {
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_payment_error = {
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      };
    }
    return structuredClone(intent);
  }

  /** A refund of `cents` more on the intent's charge: the charge as charge.refunded carries it. */
  refund(intentId: string, cents: number): Charge {
    const charge = this.chargeOf(intentId);
    charge.amount_refunded = Math.min(charge.amount, charge.amount_refunded + cents);
    charge.refunded = charge.amount_refunded === charge.amount;
    return structuredClone(charge);
  }

  /** A card dispute on the intent's charge (status e.g. needs_response, won, lost). */
  dispute(intentId: string, status: string, cents?: number, id = newId('dp')): Dispute {
    const charge = this.chargeOf(intentId);
    charge.disputed = true;
    return {
      id,
      object: 'dispute',
      amount: cents ?? charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intentId,
      reason: 'fraudulent',
      status,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
  }

  private chargeOf(intentId: string): Charge {
    const chargeId = this.intents.get(intentId)?.latest_charge;
    const charge = chargeId ? this.charges.get(chargeId) : undefined;
    if (!charge) throw new Error(`intent ${intentId} has no charge`);
    return charge;
  }

  private send(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(6).toString('hex')}`,
      'stripe-should-retry': 'false',
      'access-control-allow-origin': '*',
    });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      if (req.method === 'GET' && url.pathname === '/v3/') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        return res.end(STRIPE_JS_STAND_IN);
      }
      if (url.pathname.startsWith('/js/')) return this.handleBrowser(req, res, url, raw);
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
      this.requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey });
      if (req.headers.authorization !== `Bearer ${STAND_IN_SECRET_KEY}`) {
        return this.send(res, 401, { error: { type: 'invalid_request_error', message: 'key' } });
      }
      if (req.method === 'POST' && url.pathname === '/v1/payment_intents') {
        return this.createIntent(res, raw, idempotencyKey);
      }
      const intentMatch = /^\/v1\/payment_intents\/([\w]+)$/.exec(url.pathname);
      if (req.method === 'GET' && intentMatch) {
        const intent = this.intents.get(intentMatch[1]!);
        if (!intent) {
          return this.send(res, 404, { error: { type: 'invalid_request_error', message: 'no' } });
        }
        const expand = [...url.searchParams].some(
          ([key, value]) => /^expand\[\d*\]$/.test(key) && value === 'payment_method',
        );
        return this.send(res, 200, {
          ...intent,
          payment_method:
            expand && intent.payment_method
              ? paymentMethod(intent.payment_method)
              : intent.payment_method,
        });
      }
      const methodMatch = /^\/v1\/payment_methods\/([\w]+)$/.exec(url.pathname);
      if (req.method === 'GET' && methodMatch) {
        return this.send(res, 200, paymentMethod(methodMatch[1]!));
      }
      this.send(res, 404, { error: { type: 'invalid_request_error', message: 'unknown' } });
    });
  }

  private createIntent(res: http.ServerResponse, raw: string, idempotencyKey: string | null) {
    if (this.failNextCreate) {
      this.failNextCreate = false;
      return this.send(res, 500, { error: { type: 'api_error', message: 'Stand-in down' } });
    }
    if (idempotencyKey && this.byIdempotencyKey.has(idempotencyKey)) {
      return this.send(res, 200, this.intents.get(this.byIdempotencyKey.get(idempotencyKey)!));
    }
    const form = new URLSearchParams(raw);
    const metadata: Record<string, string> = {};
    for (const [key, value] of form) {
      const m = /^metadata\[(.+)\]$/.exec(key);
      if (m) metadata[m[1]!] = value;
    }
    const id = newId('pi');
    const intent: Intent = {
      id,
      object: 'payment_intent',
      amount: Number(form.get('amount')),
      currency: form.get('currency') ?? '',
      status: 'requires_payment_method',
      client_secret: `${id}_secret_${randomBytes(6).toString('hex')}`,
      description: form.get('description'),
      metadata,
      payment_method: null,
      latest_charge: null,
      last_payment_error: null,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    this.intents.set(id, intent);
    if (idempotencyKey) this.byIdempotencyKey.set(idempotencyKey, id);
    return this.send(res, 200, intent);
  }

  /**
   * What the stand-in Stripe.js calls from the browser: confirm an intent by its client
   * secret with a test card number (4242… succeeds, anything else is declined).
   */
  private handleBrowser(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    raw: string,
  ) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type',
      });
      return res.end();
    }
    if (req.method !== 'POST' || url.pathname !== '/js/confirm') {
      return this.send(res, 404, { error: { message: 'unknown' } });
    }
    const body = JSON.parse(raw || '{}') as { clientSecret?: string; card?: string };
    const intent = [...this.intents.values()].find((i) => i.client_secret === body.clientSecret);
    if (!intent) return this.send(res, 404, { error: { message: 'No such payment.' } });
    const ok = (body.card ?? '').replace(/\D/g, '') === '4242424242424242';
    const confirmed = this.confirm(intent.id, ok ? 'succeeded' : 'declined');
    return this.send(res, 200, { status: confirmed.status, error: confirmed.last_payment_error });
  }
}

/** A Stripe event around `object`, as the webhook receives it (JSON text). */
export function stripeEvent(
  object: object,
  type: string,
  id = `evt_${randomBytes(12).toString('hex')}`,
): string {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}

/** The Stripe-Signature header for `payload`, made with the SDK's own test signer. */
export function signStripe(
  payload: string,
  options: { secret?: string; timestamp?: number } = {},
): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? STAND_IN_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
}
