import { z } from 'zod';
import { ApiError } from './errors';

// Cursor pagination of every list: `?limit=&cursor=` → { data, next_cursor }. A cursor is the
// sort key of the last row returned (opaque to clients: base64url JSON), so pages stay stable
// while rows are added, and each page is one index range scan — no OFFSET.

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export const limitSchema = z.coerce
  .number({ error: 'limit must be a whole number.' })
  .int('limit must be a whole number.')
  .min(1, 'limit must be at least 1.')
  .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}.`)
  .default(DEFAULT_LIMIT);

export const cursorSchema = z.string().max(500, 'This cursor is not valid.').optional();

export const pageQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema });

/** The sort key of a list ordered by (time desc, id desc). */
export interface TimeCursor {
  at: Date;
  id: string;
}

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor into the shape `schema` expects, or refuses it with a 400 on `cursor`. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through to the refusal
  }
  throw new ApiError('invalid_request', 'The request is not valid: see the fields.', {
    cursor: ['This cursor is not valid. Use the next_cursor of a previous page.'],
  });
}

const timeCursorSchema = z
  .tuple([z.iso.datetime(), z.uuid()])
  .transform(([at, id]): TimeCursor => ({ at: new Date(at), id }));

export const timeCursor = {
  encode: (row: { createdAt: Date; id: string }) =>
    encodeCursor([row.createdAt.toISOString(), row.id]),
  decode: (cursor: string | undefined): TimeCursor | null =>
    cursor === undefined ? null : decodeCursor(cursor, timeCursorSchema),
};

/**
 * One page from `limit + 1` rows fetched: the extra row only says whether there is a next
 * page; the cursor is the last row kept.
 */
export function page<Row, Out>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => string,
  present: (row: Row) => Out,
): { data: Out[]; next_cursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    data: kept.map(present),
    next_cursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}
