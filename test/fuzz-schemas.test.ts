import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { accountDetailsSchema } from '@/lib/accounts/schemas';
import { auditQuerySchema } from '@/lib/audit/filters';
import { decodeCursor } from '@/lib/audit/cursor';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { normalizeCardNumber, parseExpiry } from '@/lib/billing/cards';
import { amountInputSchema, cardPaymentSchema } from '@/lib/billing/payment-schema';
import { inviteSchema } from '@/lib/invitations/issue';
import { sanitizeMemberSearch } from '@/lib/members/members';
import { parseAmountInput } from '@/lib/money';
import {
  emailOnlySchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  tokenSchema,
} from '@/lib/validation';
import { anyInput, anyValue, formString, mutatedInput } from './fuzz-arbitraries';
import { PIPELINE_ACTIONS } from './registry';

// Thousands of hostile inputs against every schema of a form or endpoint and every parser of
// user text: none may throw (a throw is a 500), and whatever a schema accepts is of the shape
// it promises. Pure functions: this runs in a few seconds.

const RUNS = Number(process.env.FUZZ_SCHEMA_RUNS ?? 1000);

const FORM_SCHEMAS: Record<string, z.ZodType> = {
  signUp: signUpSchema,
  signIn: signInSchema,
  emailOnly: emailOnlySchema,
  resetPassword: resetPasswordSchema,
  token: tokenSchema,
  accountDetails: accountDetailsSchema,
  invite: inviteSchema,
  cardPayment: cardPaymentSchema,
  amount: amountInputSchema,
  auditQuery: auditQuerySchema,
  ...Object.fromEntries(PIPELINE_ACTIONS.map((e) => [e.name, e.pipeline.definition.schema])),
};

const VALID: Record<string, Record<string, unknown>> = {
  signUp: { name: 'Ada', email: 'ada@example.com', password: 'long enough password' },
  signIn: { email: 'ada@example.com', password: 'x', callbackUrl: '/a/x' },
  resetPassword: {
    token: 'a'.repeat(43),
    password: 'long enough password',
    confirm: 'long enough password',
  },
  accountDetails: {
    name: 'Acme',
    billingName: 'Acme AG',
    billingAddressLine1: 'Street 1',
    billingPostalCode: '8001',
    billingCity: 'Zürich',
    billingCountry: 'CH',
    billingEmail: 'billing@acme.example',
  },
  invite: { emails: 'a@example.com, b@example.com', role: 'tech' },
  cardPayment: {
    amount: '50.00',
    idempotencyKey: 'k'.repeat(20),
    cardNumber: '4242 4242 4242 4242',
    cardExpiry: '12/39',
    cardCvc: '123',
  },
};

describe.each(Object.entries(FORM_SCHEMAS))('schema %s', (name, schema) => {
  it('never throws, whatever the input', () => {
    const input = VALID[name]
      ? fc.oneof(mutatedInput(VALID[name]), mutatedInput(VALID[name], true), anyInput)
      : anyInput;
    fc.assert(
      fc.property(input, (value) => {
        schema.safeParse(value);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('what the schemas accept is what they promise', () => {
  it('an accepted name, email or detail has no control characters and fits its limit', () => {
    fc.assert(
      fc.property(mutatedInput(VALID.accountDetails!, true), (value) => {
        const parsed = accountDetailsSchema.safeParse(value);
        if (!parsed.success) return;
        for (const [key, text] of Object.entries(parsed.data)) {
          expect(typeof text, key).toBe('string');
          expect(text as string, key).not.toMatch(/[\u0000-\u001f\u007f]/);
          expect((text as string).length, key).toBeLessThanOrEqual(254);
        }
        expect(Object.keys(parsed.data)).not.toContain('role');
        expect(Object.keys(parsed.data)).not.toContain('balance');
      }),
      { numRuns: RUNS },
    );
  });

  it('an accepted amount is a whole number of cents within the payment limits', () => {
    fc.assert(
      fc.property(formString, (text) => {
        const parsed = amountInputSchema.safeParse(text);
        if (!parsed.success) return;
        expect(Number.isSafeInteger(parsed.data)).toBe(true);
        expect(parsed.data % 100).toBe(0);
        expect(parsed.data).toBeGreaterThanOrEqual(100_000);
        expect(parsed.data).toBeLessThanOrEqual(100_000_000);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('parsers of user text never throw', () => {
  const text = fc.oneof(formString, fc.string({ unit: 'binary' }));
  it.each([
    ['parseAmountInput', (s: string) => parseAmountInput(s)],
    ['parseExpiry', (s: string) => parseExpiry(s)],
    ['normalizeCardNumber', (s: string) => normalizeCardNumber(s)],
    ['sanitizeMemberSearch', (s: string) => sanitizeMemberSearch(s)],
    ['decodeCursor', (s: string) => decodeCursor(s)],
  ])('%s', (_name, parse) => {
    fc.assert(
      fc.property(text, (s) => {
        parse(s);
      }),
      { numRuns: RUNS },
    );
  });

  it('safeRedirectPath answers a same-origin path for anything', () => {
    const target = fc.oneof(
      formString,
      fc.webUrl(),
      fc.constantFrom(
        '//evil.example',
        '/\\evil.example',
        '/%2F%2Fevil.example',
        'javascript:alert(1)',
      ),
      fc.tuple(fc.constantFrom('/', '//', '/./', '/../', '\\'), fc.webUrl()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(target, (raw) => {
        const path = safeRedirectPath(raw);
        expect(path.startsWith('/')).toBe(true);
        expect(path.startsWith('//')).toBe(false);
        expect(new URL(path, 'http://same.invalid').origin).toBe('http://same.invalid');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('any value at all through any schema never throws', () => {
    const schemas = Object.values(FORM_SCHEMAS);
    fc.assert(
      fc.property(fc.nat({ max: schemas.length - 1 }), anyValue, (index, value) => {
        schemas[index]!.safeParse(value);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
