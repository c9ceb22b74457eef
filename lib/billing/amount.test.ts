import { describe, expect, it } from 'vitest';
import { parseAmountInput } from '@/lib/money';
import { cardBrand, cvcLength, luhnValid, parseExpiry } from './cards';
import { amountInputSchema, cardPaymentSchema } from './payment-schema';
import { statusForBalance } from './status';
import { TEST_CARDS } from './providers/test-card';

describe('parseAmountInput: the string is parsed, never through floats', () => {
  it.each([
    ['10', 100_000],
    ['10.5', 105_000],
    ['10.50', 105_000],
    ['0.01', 100],
    ['.5', 5_000],
    ['5.', 50_000],
    [' 12.34 ', 123_400],
    ['1,000', 10_000_000],
    ["1'000.25", 10_002_500],
    ['1 000', 10_000_000],
    ['0010.10', 101_000],
    ['0.29', 2_900], // 0.29 * 10000 in floats is 2899.9999999999995
    ['1.15', 11_500],
    ['999999999999.99', 9_999_999_999_999_900],
  ])('%j → %i units', (text, units) => {
    expect(parseAmountInput(text)).toEqual({ ok: true, units });
  });

  it.each([
    ['', /Enter an amount/],
    ['   ', /Enter an amount/],
    ['-5', /positive/],
    ['−5', /positive/],
    ['+5', /without a sign/],
    ['0', /greater than zero/],
    ['0.00', /greater than zero/],
    ['10.001', /2 decimal places/],
    ['10.000', /2 decimal places/],
    ['1e3', /not 1e3/],
    ['1E-2', /not 1e3/],
    ['NaN', /as a number/],
    ['Infinity', /as a number/],
    ['abc', /as a number/],
    ['12abc', /as a number/],
    ['1.2.3', /as a number/],
    ['0x1A', /as a number/],
    ['10,5', /dot for decimals/],
    ['1,00', /dot for decimals/],
    ['.', /as a number/],
    ['1234567890123', /too large/],
  ])('%j is refused: %s', (text, message) => {
    const result = parseAmountInput(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('parseAmountInput: long input', () => {
  it('refuses a huge run of digits at once (its regular expressions were quadratic)', () => {
    // 100,000 digits took 30 s of one core before the length cap: a denial of service.
    for (const text of [
      '9'.repeat(100_000),
      `${'1'.repeat(50_000)}.5`,
      `1${' 000'.repeat(20_000)}`,
    ]) {
      const started = performance.now();
      expect(parseAmountInput(text)).toEqual({ ok: false, error: 'That amount is too large.' });
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('still reads an amount with surrounding blanks and separators', () => {
    expect(parseAmountInput(`${' '.repeat(100)}1'000'000.00${' '.repeat(100)}`)).toEqual({
      ok: true,
      units: 10_000_000_000,
    });
  });
});

describe('amountInputSchema: limits', () => {
  it('accepts 10.00 to 10,000.00 CHF', () => {
    expect(amountInputSchema.parse('10.00')).toBe(100_000);
    expect(amountInputSchema.parse('10000')).toBe(100_000_000);
  });
  it.each([
    ['9.99', /minimum payment is 10\.00 CHF/],
    ['10000.01', /maximum payment is 10,000\.00 CHF/],
  ])('%j is out of range', (text, message) => {
    const result = amountInputSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' ')).toMatch(message);
  });
  it('refuses numbers (only strings are parsed)', () => {
    expect(amountInputSchema.safeParse(12.5).success).toBe(false);
  });
});

describe('cards', () => {
  it('Luhn', () => {
    for (const number of Object.values(TEST_CARDS)) expect(luhnValid(number)).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4242x')).toBe(false);
  });
  it('brands and CVC lengths', () => {
    expect(cardBrand('4242424242424242')).toBe('Visa');
    expect(cardBrand('5555555555554444')).toBe('Mastercard');
    expect(cardBrand('2223003122003222')).toBe('Mastercard');
    expect(cardBrand('378282246310005')).toBe('American Express');
    expect(cardBrand('6011111111111117')).toBe('Discover');
    expect(cardBrand('9999999999999995')).toBe('Card');
    expect(cvcLength('American Express')).toBe(4);
    expect(cvcLength('Visa')).toBe(3);
  });
  it('expiry: MM/YY, valid through the end of its month', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(parseExpiry('11/26', now)).toEqual({ ok: true, month: 11, year: 2026 });
    expect(parseExpiry('12 / 2030', now)).toEqual({ ok: true, month: 12, year: 2030 });
    expect(parseExpiry('10/26', now)).toMatchObject({ ok: false, error: /expired/ });
    expect(parseExpiry('00/27', now)).toMatchObject({ ok: false, error: /01 to 12/ });
    expect(parseExpiry('1127', now)).toMatchObject({ ok: false, error: /MM\/YY/ });
    expect(parseExpiry('12/99', now)).toMatchObject({ ok: false, error: /expiry year/ });
  });
  it('the card schema keeps brand and last 4 and reports every bad field at once', () => {
    const ok = cardPaymentSchema.parse({
      amount: '50',
      idempotencyKey: 'a'.repeat(20),
      cardNumber: '3782 822463 10005',
      cardExpiry: '01/40',
      cardCvc: '1234',
    });
    expect(ok.card).toMatchObject({ brand: 'American Express', last4: '0005', expYear: 2040 });
    const bad = cardPaymentSchema.safeParse({
      amount: 'x',
      idempotencyKey: 'a'.repeat(20),
      cardNumber: '4242424242424241',
      cardExpiry: '13/40',
      cardCvc: '1',
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'amount',
      'cardCvc',
      'cardExpiry',
      'cardNumber',
    ]);
  });
});

describe('statusForBalance: the one rule', () => {
  it.each([
    [1, 'active'],
    [100_000, 'active'],
    [0, 'suspended'],
    [-1, 'suspended'],
  ])('%i → %s', (balance, status) => {
    expect(statusForBalance(balance)).toBe(status);
  });
});
