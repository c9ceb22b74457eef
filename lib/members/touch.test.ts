import { describe, expect, it } from 'vitest';
import { touchDue } from './members';

describe('touchDue (the "last active" write of a page view)', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  it('writes for a member never seen, or last seen five minutes ago or more', () => {
    expect(touchDue(null, now)).toBe(true);
    expect(touchDue(new Date(now - 5 * 60_000), now)).toBe(true);
    expect(touchDue(new Date(now - 3_600_000), now)).toBe(true);
  });
  it('skips the round trip when the member was active in the last five minutes', () => {
    expect(touchDue(new Date(now - 5 * 60_000 + 1), now)).toBe(false);
    expect(touchDue(new Date(now), now)).toBe(false);
  });
});
