import { describe, expect, it } from 'vitest';
import { buildCsp, STRIPE_JS_DEFAULT_URL, stripeBrowserSettings } from './csp';

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1) ?? [];

describe('the Content-Security-Policy', () => {
  it('without Stripe configured for the browser, allows no Stripe source', () => {
    expect(stripeBrowserSettings(env({ STRIPE_SECRET_KEY: 'sk_test_x' }))).toBeNull();
    const csp = buildCsp({ nonce: 'abc', dev: false, stripe: null });
    expect(csp).not.toContain('stripe');
    expect(directive(csp, 'script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(directive(csp, 'frame-src')).toEqual([]);
  });

  it('with STRIPE_PUBLISHABLE_KEY, allows exactly what Stripe.js needs', () => {
    const stripe = stripeBrowserSettings(
      env({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_PUBLISHABLE_KEY: 'pk_test_x' }),
    );
    expect(stripe).toEqual({ publishableKey: 'pk_test_x', scriptUrl: STRIPE_JS_DEFAULT_URL });
    const csp = buildCsp({ nonce: 'abc', dev: false, stripe });
    expect(directive(csp, 'script-src')).toEqual(
      expect.arrayContaining(['https://js.stripe.com', "'nonce-abc'"]),
    );
    expect(directive(csp, 'frame-src')).toEqual(
      expect.arrayContaining(['https://js.stripe.com', 'https://hooks.stripe.com']),
    );
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-inline' 'self'");
  });

  it('a configured Stripe.js URL (a local stand-in) is allowed by its origin', () => {
    const stripe = stripeBrowserSettings(
      env({
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
        STRIPE_JS_URL: 'http://127.0.0.1:5220/v3/',
      }),
    );
    const csp = buildCsp({ nonce: 'n', dev: false, stripe });
    for (const name of ['script-src', 'frame-src', 'connect-src']) {
      expect(directive(csp, name)).toContain('http://127.0.0.1:5220');
    }
  });
});
