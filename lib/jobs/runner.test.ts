import { describe, expect, it } from 'vitest';
import { meterCron } from './runner';

describe('meterCron', () => {
  it('turns the interval into a pg-boss cron expression', () => {
    expect(meterCron(1)).toBe('* * * * *');
    expect(meterCron(60)).toBe('* * * * *');
    expect(meterCron(600)).toBe('*/10 * * * *');
    expect(meterCron(3_600)).toBe('0 * * * *');
    expect(meterCron(6 * 3_600)).toBe('0 */6 * * *');
    expect(meterCron(7 * 86_400)).toBe('0 0 * * *');
  });
});
