import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  type AuditCursor,
} from '@/lib/audit/cursor';
import { UUID_PATTERN } from '@/lib/validation';

// The audit log as read by Owners and Admins: keyset pagination over (created_at, id)
// descending, filtered by action and actor. The cursor is in cursor.ts, the URL filters in
// filters.ts, labels in labels.ts and the CSV export in csv.ts.
//
// Timestamps keep PostgreSQL's microseconds end to end (a JS Date would round them to
// milliseconds, and a cursor built from a rounded time skips or repeats events).

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export returns (newest first); documented in docs/DECISIONS.md. */
export const AUDIT_EXPORT_CAP = 100_000;
/** The filter dropdowns list at most this many actions / actors. */
export const AUDIT_FILTER_OPTIONS_CAP = 200;

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
        sql`${auditEvents.targetType} = 'user' and ${targetUser.id} = (case when ${auditEvents.targetId} ~* ${UUID_PATTERN.source} then ${auditEvents.targetId}::uuid end)`,
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
 * The distinct values of one column in an account's events, as a loose index scan (a
 * recursive CTE over the account's index on that column): one index probe per distinct
 * value, whatever the number of events. Yields `distinct_values(value)`, nulls excluded,
 * at most AUDIT_FILTER_OPTIONS_CAP.
 */
function distinctValues(accountId: string, column: 'action' | 'actor_user_id') {
  const c = sql.identifier(column);
  return sql`
    with recursive scan(value) as (
      (select ${c} from audit_events
        where account_id = ${accountId} and ${c} is not null
        order by ${c} limit 1)
      union all
      select (select e.${c} from audit_events e
               where e.account_id = ${accountId} and e.${c} > s.value
               order by e.${c} limit 1)
        from scan s where s.value is not null
    ),
    distinct_values as (
      select value from scan where value is not null limit ${AUDIT_FILTER_OPTIONS_CAP}
    )`;
}

/** The distinct actions recorded for an account, for the filter dropdown. */
export async function listAuditActions(db: DbOrTx, accountId: string): Promise<string[]> {
  const result = await db.execute<{ action: string }>(sql`
    ${distinctValues(accountId, 'action')}
    select value as action from distinct_values`);
  return result.rows.map((r) => r.action);
}

export interface AuditActor {
  id: string;
  name: string;
  email: string;
}

/**
 * Everyone who acted on the account (members and former members whose user still exists),
 * for the filter dropdown, with their names.
 */
export async function listAuditActors(db: DbOrTx, accountId: string): Promise<AuditActor[]> {
  const result = await db.execute<{ id: string; name: string; email: string }>(sql`
    ${distinctValues(accountId, 'actor_user_id')}
    select u.id, u.name, u.email
      from distinct_values d join users u on u.id = d.value
     order by lower(u.name), u.email`);
  return result.rows.map((r) => ({ id: r.id, name: r.name, email: r.email }));
}
