import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '@/lib/audit/cursor';
import { auditQuerySchema, describeQueryError } from '@/lib/audit/filters';

const ID = '0b5f3c1e-8d1a-4c2e-9f00-1234567890ab';
const cursor = { createdAt: '2026-11-28T17:23:47.123456Z', id: ID };

describe('cursor', () => {
  it('round-trips and is opaque base64url', () => {
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['garbage', Buffer.from('hello').toString('base64url')],
    ['millisecond time', Buffer.from(`2026-11-28T17:23:47.123Z|${ID}`).toString('base64url')],
    ['impossible date', Buffer.from(`2026-13-40T17:23:47.123456Z|${ID}`).toString('base64url')],
    ['bad uuid', Buffer.from(`${cursor.createdAt}|not-a-uuid`).toString('base64url')],
    ['sql in id', Buffer.from(`${cursor.createdAt}|${ID}' or 1=1--`).toString('base64url')],
    ['extra part', Buffer.from(`${cursor.createdAt}|${ID}|x`).toString('base64url')],
    ['too long', 'A'.repeat(500)],
    ['year 0000', Buffer.from(`0000-01-01T00:00:00.000000Z|${ID}`).toString('base64url')],
    ['before 1970', Buffer.from(`1969-12-31T23:59:59.999999Z|${ID}`).toString('base64url')],
    ['year 0001', Buffer.from(`0001-06-15T12:00:00.000000Z|${ID}`).toString('base64url')],
    ['absurd future', Buffer.from(`9999-12-31T23:59:59.999999Z|${ID}`).toString('base64url')],
    ['year 3000', Buffer.from(`3000-01-01T00:00:00.000000Z|${ID}`).toString('base64url')],
  ])('rejects a tampered cursor: %s', (_label, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });

  it('accepts the plausible range of years (1970 to 2999)', () => {
    for (const createdAt of ['1970-01-01T00:00:00.000000Z', '2999-12-31T23:59:59.999999Z']) {
      expect(decodeCursor(encodeCursor({ createdAt, id: ID }))).toEqual({ createdAt, id: ID });
    }
  });

  it('a crafted out-of-range cursor is a query error, not a database error', () => {
    const before = Buffer.from(`0000-01-01T00:00:00.000000Z|${ID}`).toString('base64url');
    const result = auditQuerySchema.safeParse({ before });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeQueryError(result.error)).toContain('invalid');
  });

  it('rejects a cursor with one character changed', () => {
    const encoded = encodeCursor(cursor);
    const tampered = `${encoded.slice(0, 5)}${encoded[5] === 'A' ? 'B' : 'A'}${encoded.slice(6)}`;
    expect(decodeCursor(tampered)).toBeNull();
  });
});
