import { describe, expect, it } from 'vitest';
import { configuredPaymentProvider, testPaymentsAllowed } from './index';
import { STRIPE_PROVIDER_ID } from './stripe';
import { testCardProvider } from './test-card';

// Production fails closed: without STRIPE_SECRET_KEY the test-card processor takes payments
// only outside production or with PAYMENTS_TEST_MODE=1; otherwise there is no provider.

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;

describe('configuredPaymentProvider', () => {
  it('uses Stripe whenever STRIPE_SECRET_KEY is set, in any environment', () => {
    for (const NODE_ENV of ['production', 'development', 'test']) {
      const provider = configuredPaymentProvider(
        env({ NODE_ENV, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }),
      );
      expect(provider?.id, NODE_ENV).toBe(STRIPE_PROVIDER_ID);
    }
  });

  it('uses the test-card processor outside production', () => {
    expect(configuredPaymentProvider(env({ NODE_ENV: 'development' }))).toBe(testCardProvider);
    expect(configuredPaymentProvider(env({ NODE_ENV: 'test' }))).toBe(testCardProvider);
    expect(configuredPaymentProvider(env({}))).toBe(testCardProvider);
  });

  it('has no provider in production without Stripe (fails closed)', () => {
    expect(configuredPaymentProvider(env({ NODE_ENV: 'production' }))).toBeNull();
    expect(
      configuredPaymentProvider(env({ NODE_ENV: 'production', STRIPE_SECRET_KEY: '' })),
    ).toBeNull();
    // Only the exact value 1 opts in.
    for (const PAYMENTS_TEST_MODE of ['', '0', 'true', 'yes', ' 1']) {
      expect(
        configuredPaymentProvider(env({ NODE_ENV: 'production', PAYMENTS_TEST_MODE })),
        `PAYMENTS_TEST_MODE=${JSON.stringify(PAYMENTS_TEST_MODE)}`,
      ).toBeNull();
    }
  });

  it('uses the test-card processor in production with PAYMENTS_TEST_MODE=1', () => {
    const testMode = env({ NODE_ENV: 'production', PAYMENTS_TEST_MODE: '1' });
    expect(testPaymentsAllowed(testMode)).toBe(true);
    expect(configuredPaymentProvider(testMode)).toBe(testCardProvider);
    // Stripe still wins when it is configured.
    expect(
      configuredPaymentProvider(env({ ...testMode, STRIPE_SECRET_KEY: 'sk_test_x' }))?.id,
    ).toBe(STRIPE_PROVIDER_ID);
  });
});
