import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { page, pageQuerySchema, timeCursor } from './pagination';

describe('cursor pagination', () => {
  it('limit defaults to 20 and must be 1..100', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20, cursor: undefined });
    expect(pageQuerySchema.parse({ limit: '5' }).limit).toBe(5);
    for (const limit of ['0', '101', '2.5', 'ten', '-1']) {
      expect(pageQuerySchema.safeParse({ limit }).success, limit).toBe(false);
    }
  });

  it('a cursor round-trips; a forged or broken one is a 400 on `cursor`', () => {
    const row = { createdAt: new Date('2026-12-02T10:00:00.123Z'), id: crypto.randomUUID() };
    expect(timeCursor.decode(timeCursor.encode(row))).toEqual({ at: row.createdAt, id: row.id });
    expect(timeCursor.decode(undefined)).toBeNull();
    for (const bad of ['x', Buffer.from('[1,2]').toString('base64url'), '%%%']) {
      try {
        timeCursor.decode(bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).status).toBe(400);
        expect((error as ApiError).fields).toHaveProperty('cursor');
      }
    }
  });

  it('a page keeps `limit` rows and offers a next cursor only when more exist', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const cursorOf = (r: { n: number }) => `c${r.n}`;
    expect(page(rows, 2, cursorOf, (r) => r.n)).toEqual({ data: [1, 2], next_cursor: 'c2' });
    expect(page(rows, 3, cursorOf, (r) => r.n)).toEqual({ data: [1, 2, 3], next_cursor: null });
    expect(page([], 3, cursorOf, (r) => r.n)).toEqual({ data: [], next_cursor: null });
  });
});
