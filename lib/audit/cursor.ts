import { z } from 'zod';
import { isUuid } from '@/lib/validation';

// Timestamps keep PostgreSQL's microseconds end to end (a JS Date would round them to
// milliseconds, and a cursor built from a rounded time skips or repeats events).

// ---------------------------------------------------------------------------
// Cursor: base64url("<created_at ISO, microseconds, UTC>|<event uuid>"). Opaque to clients.
// ---------------------------------------------------------------------------

export interface AuditCursor {
  /** e.g. 2026-11-28T17:23:47.123456Z */
  createdAt: string;
  id: string;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const INVALID_CURSOR = 'This page link is invalid or out of date. Go back to the first page.';
/**
 * A cursor's year must be plausible for an event of this console: no event predates 1970, and
 * none lies centuries ahead. Outside this range a crafted cursor is refused before any query
 * (PostgreSQL refuses year 0000 with "date/time field value out of range").
 */
const CURSOR_MIN_YEAR = 1970;
const CURSOR_MAX_YEAR = 2999;

export class InvalidCursorError extends Error {
  constructor() {
    super(INVALID_CURSOR);
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor; null when it is not one this module produced (tampered, truncated). */
export function decodeCursor(raw: string): AuditCursor | null {
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const [createdAt, id, ...rest] = text.split('|');
  if (rest.length || !createdAt || !id) return null;
  if (!ISO_MICROS.test(createdAt) || !isUuid(id)) return null;
  const year = Number(createdAt.slice(0, 4));
  if (year < CURSOR_MIN_YEAR || year > CURSOR_MAX_YEAR) return null;
  // A well-formed but impossible date (month 13) would make PostgreSQL throw: refuse it here.
  const millis = Date.parse(createdAt);
  if (
    Number.isNaN(millis) ||
    new Date(millis).toISOString().slice(0, 19) !== createdAt.slice(0, 19)
  )
    return null;
  return { createdAt, id: id.toLowerCase() };
}

export const cursorSchema = z.string().transform((raw, ctx) => {
  const cursor = decodeCursor(raw);
  if (!cursor) {
    ctx.addIssue({ code: 'custom', message: INVALID_CURSOR });
    return z.NEVER;
  }
  return cursor;
});
