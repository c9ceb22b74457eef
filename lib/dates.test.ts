import { describe, expect, it } from 'vitest';
import {
  formatDay,
  formatDayAndTime,
  formatDayOfMonth,
  formatIsoDay,
  formatIsoTimestamp,
  formatLongDateTimeUtc,
  formatRelative,
} from '@/lib/dates';

// 23:30 UTC is already the next day east of UTC: every format must still say the 28th.
const late = new Date('2026-11-28T23:30:05.123Z');

describe('dates', () => {
  it('formats days and times in UTC, whatever the time zone of the server', () => {
    expect(formatIsoDay(late)).toBe('2026-11-28');
    expect(formatDay(late)).toBe('28 Nov 2026');
    expect(formatDayAndTime(late)).toBe('28 Nov 2026, 23:30');
    expect(formatDayOfMonth(late)).toBe('28 Nov');
    expect(formatLongDateTimeUtc(late)).toBe('28 November 2026, 23:30 UTC');
  });

  it('cuts a stored timestamp to the second without going through Date', () => {
    expect(formatIsoTimestamp('2026-11-28T17:23:47.123456Z')).toBe('2026-11-28 17:23:47');
  });

  it('says how long ago, then falls back to the day', () => {
    const now = late.getTime();
    expect(formatRelative(null, now)).toBe('Never');
    expect(formatRelative(new Date(now - 4 * 60_000), now)).toBe('Just now');
    expect(formatRelative(new Date(now - 12 * 60_000), now)).toBe('12 min ago');
    expect(formatRelative(new Date(now - 5 * 3_600_000), now)).toBe('5 h ago');
    expect(formatRelative(new Date(now - 3 * 86_400_000), now)).toBe('2026-11-25');
  });
});
