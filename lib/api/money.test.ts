import { describe, expect, it } from 'vitest';
import { apiMoney } from './money';

describe('apiMoney', () => {
  it('is an exact decimal string in units of 1/10,000', () => {
    expect(apiMoney(123_456, 'CHF')).toEqual({ amount: '12.3456', currency: 'CHF' });
    expect(apiMoney(0, 'CHF').amount).toBe('0.0000');
    expect(apiMoney(5, 'CHF').amount).toBe('0.0005');
    expect(apiMoney(-1_000_000, 'CHF').amount).toBe('-100.0000');
    expect(apiMoney(Number.MAX_SAFE_INTEGER, 'CHF').amount).toBe('900719925474.0991');
    expect(() => apiMoney(1.5, 'CHF')).toThrow(RangeError);
  });
});
