import { describe, expect, it } from 'vitest';
import { lowBalanceStep } from './low-balance';

const threshold = 150_000;

describe('lowBalanceStep', () => {
  it('warns once when a debit crosses the threshold', () => {
    const first = lowBalanceStep({ after: 149_999, amount: -2, threshold, warned: false });
    expect(first).toEqual({ warned: true, warn: true });
    const second = lowBalanceStep({ after: 100_000, amount: -49_999, threshold, warned: true });
    expect(second).toEqual({ warned: true, warn: false });
  });

  it('counts landing exactly on the threshold as crossing it', () => {
    expect(lowBalanceStep({ after: threshold, amount: -1, threshold, warned: false }).warn).toBe(
      true,
    );
  });

  it('re-arms when the balance rises above the threshold, so the next crossing warns again', () => {
    const paid = lowBalanceStep({ after: 500_000, amount: 400_000, threshold, warned: true });
    expect(paid).toEqual({ warned: false, warn: false });
    expect(lowBalanceStep({ after: 10, amount: -499_990, threshold, warned: false }).warn).toBe(
      true,
    );
  });

  it('never warns on a credit, even one that stays below the threshold', () => {
    expect(lowBalanceStep({ after: 100_000, amount: 100_000, threshold, warned: false })).toEqual({
      warned: false,
      warn: false,
    });
  });

  it('stays quiet above the threshold', () => {
    expect(lowBalanceStep({ after: 150_001, amount: -1, threshold, warned: false }).warn).toBe(
      false,
    );
  });
});
