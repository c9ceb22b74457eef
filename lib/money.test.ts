import { describe, expect, it } from 'vitest';
import { DEFAULT_CURRENCY, UNITS_PER_MAJOR, formatAmount, formatMoney, toCents } from '@/lib/money';

// 1 unit = CHF 0.0001; display rounds to cents, halves away from zero (DESIGN §1).
describe('money unit', () => {
  it('is 1/10,000 of the currency unit, CHF by default', () => {
    expect(UNITS_PER_MAJOR).toBe(10_000);
    expect(DEFAULT_CURRENCY).toBe('CHF');
  });
});

describe('toCents', () => {
  it.each([
    [0, 0],
    [1, 0],
    [49, 0],
    [50, 1], // exactly half a cent: away from zero
    [51, 1],
    [100, 1],
    [149, 1],
    [150, 2],
    [12_345_000, 123_450],
    [-1, 0],
    [-49, 0],
    [-50, -1], // half away from zero on the negative side, too
    [-150, -2],
    [-151, -2],
    [-12_345_678, -123_457],
  ])('%i units → %i cents', (units, cents) => {
    expect(toCents(units)).toBe(cents);
  });

  it('never returns negative zero', () => {
    expect(Object.is(toCents(-49), 0)).toBe(true);
    expect(Object.is(toCents(-1), 0)).toBe(true);
  });

  it.each([
    1.5,
    0.1,
    -0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 53,
  ])('rejects the non-integer / unsafe amount %s', (units) => {
    expect(() => toCents(units)).toThrow(RangeError);
  });

  it('handles the largest safe integer exactly', () => {
    // 900,719,925,474.0991 CHF → 900,719,925,474.10
    expect(toCents(Number.MAX_SAFE_INTEGER)).toBe(90_071_992_547_410);
  });
});

describe('formatMoney / formatAmount', () => {
  it.each([
    [0, '0.00 CHF'],
    [1, '0.00 CHF'],
    [49, '0.00 CHF'],
    [50, '0.01 CHF'],
    [10_000, '1.00 CHF'],
    [12_345_000, '1,234.50 CHF'],
    [9_999_949, '999.99 CHF'],
    [9_999_950, '1,000.00 CHF'], // rounding carries into the thousands
    [10_000_000_000, '1,000,000.00 CHF'],
    [12_345_678_901_234, '1,234,567,890.12 CHF'],
    [-50, '-0.01 CHF'],
    [-49, '0.00 CHF'], // rounds to zero: no "-0.00"
    [-12_345_000, '-1,234.50 CHF'],
    [-10_000_000_000, '-1,000,000.00 CHF'],
    [Number.MAX_SAFE_INTEGER, '900,719,925,474.10 CHF'],
  ])('%i units → %s', (units, text) => {
    expect(formatMoney(units)).toBe(text);
  });

  it('uses the given currency code', () => {
    expect(formatMoney(25_000, 'EUR')).toBe('2.50 EUR');
  });

  it('formatAmount is the number without the currency', () => {
    expect(formatAmount(12_345_678_900)).toBe('1,234,567.89');
    expect(formatAmount(-5_000)).toBe('-0.50');
  });

  it('refuses non-integer amounts rather than formatting them', () => {
    expect(() => formatMoney(0.5)).toThrow(RangeError);
    expect(() => formatAmount(Number.NaN)).toThrow(RangeError);
  });
});
