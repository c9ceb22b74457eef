/**
 * The Content-Security-Policy of every page (proxy.ts sets it per request, with a fresh
 * nonce). Scripts run only with the nonce ('strict-dynamic' lets those scripts load others);
 * no framing, no plugins, forms post only to us. Stripe's browser library needs more — its
 * script, its iframes (the Payment Element, 3-D Secure) and its API — and gets it only when
 * Stripe payments are configured for the browser (STRIPE_PUBLISHABLE_KEY).
 */

/** Where Stripe.js is loaded from (the default, or STRIPE_JS_URL, e.g. a test stand-in). */
export const STRIPE_JS_DEFAULT_URL = 'https://js.stripe.com/endive/stripe.js';

// Stripe's published requirements for Stripe.js and the Payment Element.
const STRIPE_SOURCES = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
};

export interface StripeBrowserSettings {
  publishableKey: string;
  /** The Stripe.js script to load (STRIPE_JS_URL or the default). */
  scriptUrl: string;
}

/** Stripe for the browser: null unless STRIPE_PUBLISHABLE_KEY is set (with a secret key). */
export function stripeBrowserSettings(
  env: NodeJS.ProcessEnv = process.env,
): StripeBrowserSettings | null {
  const publishableKey = env.STRIPE_PUBLISHABLE_KEY;
  if (!publishableKey || !env.STRIPE_SECRET_KEY) return null;
  return { publishableKey, scriptUrl: env.STRIPE_JS_URL || STRIPE_JS_DEFAULT_URL };
}

export function buildCsp(options: {
  nonce: string;
  dev: boolean;
  stripe: StripeBrowserSettings | null;
}): string {
  const { nonce, dev, stripe } = options;
  const extra = { script: [] as string[], frame: [] as string[], connect: [] as string[] };
  if (stripe) {
    const custom = new URL(stripe.scriptUrl).origin;
    const isDefault = stripe.scriptUrl === STRIPE_JS_DEFAULT_URL;
    extra.script.push(...STRIPE_SOURCES.script, ...(isDefault ? [] : [custom]));
    extra.frame.push(...STRIPE_SOURCES.frame, ...(isDefault ? [] : [custom]));
    extra.connect.push(...STRIPE_SOURCES.connect, ...(isDefault ? [] : [custom]));
  }
  const list = (items: string[]) => (items.length ? ` ${items.join(' ')}` : '');
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}${list(extra.script)}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${dev ? ' ws: wss:' : ''}${list(extra.connect)}`,
    ...(stripe ? [`frame-src${list(extra.frame)}`] : []),
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(dev ? [] : ['upgrade-insecure-requests']),
  ].join('; ');
}
