import { describe, expect, it } from 'vitest';
import { formatBytes, formatHourly } from './format';

describe('formatHourly', () => {
  it('shows the stored unit exactly, never rounded to cents', () => {
    expect(formatHourly(250)).toBe('0.0250 CHF/h');
    expect(formatHourly(2_000)).toBe('0.2000 CHF/h');
    expect(formatHourly(12_345)).toBe('1.2345 CHF/h');
    expect(formatHourly(1)).toBe('0.0001 CHF/h');
  });
});

describe('formatBytes', () => {
  it('uses powers of 1,024', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1_536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
  });
});
