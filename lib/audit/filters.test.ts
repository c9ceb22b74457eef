import { describe, expect, it } from 'vitest';
import { encodeCursor } from '@/lib/audit/cursor';
import { auditQuerySchema, describeQueryError, searchParamsToObject } from '@/lib/audit/filters';

const ID = '0b5f3c1e-8d1a-4c2e-9f00-1234567890ab';
const cursor = { createdAt: '2026-11-28T17:23:47.123456Z', id: ID };

describe('auditQuerySchema', () => {
  it('accepts empty filters (the "All" choices) as no filter', () => {
    const parsed = auditQuerySchema.parse({ action: '', actor: '', before: '' });
    expect(parsed).toEqual({
      action: undefined,
      actor: undefined,
      before: undefined,
      after: undefined,
    });
  });

  it('accepts a known-format action, an actor uuid and a cursor', () => {
    const parsed = auditQuerySchema.parse({
      action: 'member.role_changed',
      actor: ID,
      before: encodeCursor(cursor),
    });
    expect(parsed).toEqual({
      action: 'member.role_changed',
      actor: ID,
      before: cursor,
      after: undefined,
    });
  });

  it.each([
    [{ action: 'Member.Removed' }, 'Unknown action format'],
    [{ action: 'x'.repeat(65) }, 'Unknown action format'],
    [{ action: "a' or 1=1" }, 'Unknown action format'],
    [{ action: ['member.left', 'member.removed'] }, 'Choose one action'],
    [{ actor: 'bob' }, 'Choose one actor'],
    [{ before: 'tampered' }, 'page link is invalid'],
    [{ before: encodeCursor(cursor), after: encodeCursor(cursor) }, 'not both'],
  ])('rejects %j with a clear message', (input, message) => {
    const result = auditQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeQueryError(result.error)).toContain(message);
  });

  it('reads Next searchParams and URLSearchParams alike, ignoring unknown keys', () => {
    expect(searchParamsToObject({ action: 'member.left', page: '3', actor: undefined })).toEqual({
      action: 'member.left',
    });
    expect(
      searchParamsToObject(new URLSearchParams('action=a.b&action=c.d&actor=x&utm=1')),
    ).toEqual({ action: ['a.b', 'c.d'], actor: 'x' });
  });
});
