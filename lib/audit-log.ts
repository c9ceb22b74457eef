import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { auditEvents, users } from '@/db/schema';

// The audit log as read by Owners and Admins (issue 4, item 8): keyset pagination over
// (created_at, id) descending, filters by action and actor, and CSV export.
//
// Timestamps keep PostgreSQL's microseconds end to end (a JS Date would round them to
// milliseconds, and a cursor built from a rounded time skips or repeats events).

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export returns (newest first); documented in docs/DECISIONS.md. */
export const AUDIT_EXPORT_CAP = 100_000;
/** The filter dropdowns list at most this many actions / actors. */
export const AUDIT_FILTER_OPTIONS_CAP = 200;

// ---------------------------------------------------------------------------
// Cursor: base64url("<created_at ISO, microseconds, UTC>|<event uuid>"). Opaque to clients.
// ---------------------------------------------------------------------------

export interface AuditCursor {
  /** e.g. 2026-11-28T17:23:47.123456Z */
  createdAt: string;
  id: string;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
  if (!ISO_MICROS.test(createdAt) || !UUID.test(id)) return null;
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

// ---------------------------------------------------------------------------
// Query parameters of the page and of the export (URL searchParams).
// ---------------------------------------------------------------------------

/** An empty form field (the "All" choice) means "no filter". */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const auditQuerySchema = z
  .object({
    action: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Choose one action.' })
        .regex(/^[a-z_.]{1,64}$/, 'Unknown action format.')
        .optional(),
    ),
    actor: z.preprocess(blankToUndefined, z.uuid({ error: 'Choose one actor.' }).optional()),
    before: z.preprocess(blankToUndefined, cursorSchema.optional()),
    after: z.preprocess(blankToUndefined, cursorSchema.optional()),
  })
  .refine((q) => !(q.before && q.after), {
    message: 'Use either a newer or an older page link, not both.',
    path: ['before'],
  });

export type AuditQuery = z.output<typeof auditQuerySchema>;

/** Next's searchParams (string | string[] | undefined) → a plain object for the schema. */
export function searchParamsToObject(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries =
    params instanceof URLSearchParams
      ? groupEntries(params)
      : Object.entries(params).filter(([, v]) => v !== undefined);
  for (const [key, value] of entries) {
    if (key === 'action' || key === 'actor' || key === 'before' || key === 'after') {
      out[key] = value;
    }
  }
  return out;
}

function groupEntries(params: URLSearchParams): Array<[string, string | string[]]> {
  const grouped = new Map<string, string | string[]>();
  for (const [key, value] of params) {
    const seen = grouped.get(key);
    grouped.set(key, seen === undefined ? value : [...[seen].flat(), value]);
  }
  return [...grouped];
}

/** Human messages for a failed query parse (shown on the page, or as the 400 body). */
export function describeQueryError(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.message))].join(' ');
}

// ---------------------------------------------------------------------------
// Listing.
// ---------------------------------------------------------------------------

export interface AuditEventRow {
  id: string;
  /** ISO 8601, UTC, microseconds. */
  createdAt: string;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** When the target is a user that still exists: their name and email. */
  targetName: string | null;
  targetEmail: string | null;
  metadata: Record<string, unknown>;
  ip: string | null;
}

export interface AuditListOptions {
  action?: string;
  actorUserId?: string;
  /** Older than this cursor (the "Older" link). */
  before?: AuditCursor | string;
  /** Newer than this cursor (the "Newer" link). */
  after?: AuditCursor | string;
  limit?: number;
}

export interface AuditPage {
  events: AuditEventRow[];
  /** Cursor for the next, older page; null on the last page. */
  nextCursor: string | null;
  /** Cursor for the previous, newer page; null on the first page. */
  prevCursor: string | null;
}

const actor = alias(users, 'actor');
const targetUser = alias(users, 'target_user');

const createdAtIso = sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function toCursor(value: AuditCursor | string): AuditCursor {
  if (typeof value !== 'string') return value;
  const cursor = decodeCursor(value);
  if (!cursor) throw new InvalidCursorError();
  return cursor;
}

/**
 * One page of an account's audit events, newest first. Every query leads with account_id
 * and walks one of the (account_id[, action | actor_user_id], created_at desc, id desc)
 * indexes, so a deep page costs what the first page costs.
 */
export async function listAuditEvents(
  db: DbOrTx,
  accountId: string,
  options: AuditListOptions = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? AUDIT_PAGE_SIZE), 1), 1000);
  const before = options.before ? toCursor(options.before) : undefined;
  const after = options.after ? toCursor(options.after) : undefined;
  if (before && after) throw new InvalidCursorError();

  const filters: SQL[] = [eq(auditEvents.accountId, accountId)];
  if (options.action) filters.push(eq(auditEvents.action, options.action));
  if (options.actorUserId) filters.push(eq(auditEvents.actorUserId, options.actorUserId));

  const select = (keyset: SQL | undefined, direction: 'older' | 'newer', take: number) =>
    db
      .select({
        id: auditEvents.id,
        createdAt: createdAtIso,
        actorUserId: auditEvents.actorUserId,
        actorName: actor.name,
        actorEmail: actor.email,
        action: auditEvents.action,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        targetName: targetUser.name,
        targetEmail: targetUser.email,
        metadata: auditEvents.metadata,
        ip: auditEvents.ip,
      })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
      .leftJoin(
        targetUser,
        sql`${auditEvents.targetType} = 'user' and ${targetUser.id} = (case when ${auditEvents.targetId} ~* ${UUID.source} then ${auditEvents.targetId}::uuid end)`,
      )
      .where(and(...filters, keyset))
      // The indexes are "desc nulls last": the order must say so to match them (a plain
      // DESC means NULLS FIRST, and the planner would sort the whole account instead).
      .orderBy(
        ...(direction === 'older'
          ? [sql`${auditEvents.createdAt} desc nulls last`, sql`${auditEvents.id} desc nulls last`]
          : [
              sql`${auditEvents.createdAt} asc nulls first`,
              sql`${auditEvents.id} asc nulls first`,
            ]),
      )
      .limit(take);

  // A row comparison is an index condition on (…, created_at, id): the scan starts right
  // after the cursor instead of filtering everything newer.
  const olderThan = (c: AuditCursor) =>
    sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`;
  const newerThan = (c: AuditCursor) =>
    sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${c.createdAt}::timestamptz, ${c.id}::uuid)`;

  if (after) {
    const rows = await select(newerThan(after), 'newer', limit + 1);
    // Reached the newest events: show the real first page rather than a short one.
    if (rows.length <= limit)
      return listAuditEvents(db, accountId, { ...options, after: undefined });
    const events = rows.slice(0, limit).reverse();
    return {
      events: events.map(normalise),
      nextCursor: cursorOf(events[events.length - 1]),
      prevCursor: cursorOf(events[0]),
    };
  }

  const rows = await select(before ? olderThan(before) : undefined, 'older', limit + 1);
  const events = rows.slice(0, limit);
  return {
    events: events.map(normalise),
    nextCursor: rows.length > limit ? cursorOf(events[events.length - 1]) : null,
    prevCursor: before && events.length ? cursorOf(events[0]) : null,
  };
}

function cursorOf(row: { createdAt: string; id: string } | undefined): string | null {
  return row ? encodeCursor({ createdAt: row.createdAt, id: row.id }) : null;
}

function normalise(row: AuditEventRow): AuditEventRow {
  return { ...row, metadata: row.metadata ?? {} };
}

/**
 * The distinct actions recorded for an account, for the filter dropdown. A loose index scan
 * (recursive CTE over audit_events_account_action_idx): one index probe per distinct action,
 * whatever the number of events.
 */
export async function listAuditActions(db: DbOrTx, accountId: string): Promise<string[]> {
  const result = await db.execute<{ action: string }>(sql`
    with recursive actions(action) as (
      (select action from audit_events where account_id = ${accountId}
        order by action limit 1)
      union all
      select (select e.action from audit_events e
               where e.account_id = ${accountId} and e.action > a.action
               order by e.action limit 1)
        from actions a where a.action is not null
    )
    select action from actions where action is not null limit ${AUDIT_FILTER_OPTIONS_CAP}`);
  return result.rows.map((r) => r.action);
}

export interface AuditActor {
  id: string;
  name: string;
  email: string;
}

/**
 * Everyone who acted on the account (members and former members whose user still exists),
 * for the filter dropdown: a loose index scan over audit_events_account_actor_idx, then
 * their names. Bounded by AUDIT_FILTER_OPTIONS_CAP.
 */
export async function listAuditActors(db: DbOrTx, accountId: string): Promise<AuditActor[]> {
  const result = await db.execute<{ id: string; name: string; email: string }>(sql`
    with recursive actors(id) as (
      (select actor_user_id from audit_events
        where account_id = ${accountId} and actor_user_id is not null
        order by actor_user_id limit 1)
      union all
      select (select e.actor_user_id from audit_events e
               where e.account_id = ${accountId} and e.actor_user_id > a.id
               order by e.actor_user_id limit 1)
        from actors a where a.id is not null
    ),
    bounded as (select id from actors where id is not null limit ${AUDIT_FILTER_OPTIONS_CAP})
    select u.id, u.name, u.email
      from bounded b join users u on u.id = b.id
     order by lower(u.name), u.email`);
  return result.rows.map((r) => ({ id: r.id, name: r.name, email: r.email }));
}

// ---------------------------------------------------------------------------
// Presentation helpers shared by the page and the CSV.
// ---------------------------------------------------------------------------

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'user.signed_up': 'Signed up',
  'user.password_reset': 'Password reset',
  'user.signed_out_everywhere': 'Signed out on all devices',
  'user.session_signed_out': 'Session signed out',
  'organization.created': 'Organization created',
  'account.details_updated': 'Account details updated',
  'account.status_changed': 'Account status changed',
  'member.left': 'Member left',
  'member.removed': 'Member removed',
  'member.role_changed': 'Role changed',
  'invitation.created': 'Invitation sent',
  'invitation.resent': 'Invitation resent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.accepted': 'Invitation accepted',
  'invitation.declined': 'Invitation declined',
  'payment.succeeded': 'Payment succeeded',
  'payment.failed': 'Payment failed',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

const ROLE_VALUES = new Set(['owner', 'tech', 'admin']);
const asRole = (value: unknown): string | null =>
  typeof value === 'string' && ROLE_VALUES.has(value) ? value : null;

/**
 * The role before and after an event, from its metadata: a role change has both; a member
 * who left or was removed had `role` (before); an invitation offers or grants `role` (after).
 */
export function roleChange(event: Pick<AuditEventRow, 'action' | 'metadata'>): {
  before: string | null;
  after: string | null;
} {
  const m = event.metadata;
  if (event.action === 'member.role_changed')
    return { before: asRole(m.before), after: asRole(m.after) };
  if (event.action === 'member.left' || event.action === 'member.removed')
    return { before: asRole(m.role), after: null };
  if (event.action.startsWith('invitation.')) return { before: null, after: asRole(m.role) };
  return { before: null, after: null };
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180: CRLF line ends, fields with " , CR or LF quoted, quotes doubled).
// ---------------------------------------------------------------------------

export const AUDIT_CSV_HEADER = [
  'time',
  'actor name',
  'actor email',
  'action',
  'target type',
  'target id',
  'before role',
  'after role',
  'ip',
  'metadata',
] as const;

/**
 * One CSV field. A cell starting with = + - @ TAB or CR is prefixed with a single quote so a
 * spreadsheet shows it as text instead of evaluating it (CSV formula injection).
 */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditEventCsvRow(event: AuditEventRow): string {
  const { before, after } = roleChange(event);
  return [
    event.createdAt,
    event.actorName,
    event.actorEmail,
    event.action,
    event.targetType,
    event.targetId,
    before,
    after,
    event.ip,
    JSON.stringify(event.metadata ?? {}),
  ]
    .map(csvField)
    .join(',');
}

export const AUDIT_CSV_HEADER_LINE = AUDIT_CSV_HEADER.map(csvField).join(',');

export function auditEventsToCsv(events: AuditEventRow[]): string {
  return [AUDIT_CSV_HEADER_LINE, ...events.map(auditEventCsvRow)].map((l) => `${l}\r\n`).join('');
}
