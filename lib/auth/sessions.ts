import Bowser from 'bowser';
import { and, desc, eq, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { sessions, users, type Session } from '@/db/schema';
import { generateToken, hashToken } from '@/lib/tokens';

/**
 * Server-side sessions. Every sign-in creates a row whose id is the SHA-256 of a random token;
 * the token itself lives only in the encrypted Auth.js cookie. The one access query
 * (lib/authz/access.ts) refuses a token without a live row, so deleting the row — sign-out,
 * "sign out" on one session, "sign out everywhere", a password reset — ends that session at
 * its next request, wherever a copy of the cookie is.
 */

/** A session unused for this long is over (Auth.js's cookie lives as long). */
export const SESSION_IDLE_DAYS = 14;
/** last_seen_at is written at most this often, not on every request. */
export const SESSION_TOUCH_SECONDS = 60;
const USER_AGENT_MAX = 512;

export interface SessionPrincipal {
  kind: 'session';
  /** SHA-256 (hex) of the token in the cookie: the sessions row's id. */
  tokenHash: string;
}

export function sessionPrincipal(token: string): SessionPrincipal {
  return { kind: 'session', tokenHash: hashToken(token) };
}

const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a token hash is well formed (anything else cannot match a row). */
export function isTokenHash(value: string): boolean {
  return HASH.test(value);
}

/** Creates the session of a sign-in and returns its token (to be kept in the cookie only). */
export async function createSession(
  db: DbOrTx,
  input: { userId: string; ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = generateToken();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    ip: input.ip,
    userAgent: input.userAgent ? input.userAgent.slice(0, USER_AGENT_MAX) : null,
  });
  return token;
}

const live = sql`${sessions.lastSeenAt} > now() - make_interval(days => ${SESSION_IDLE_DAYS})`;

/**
 * The session part of the access query, as two CTEs of that one statement: `principal_user`
 * (the user of a live session) and a data-modifying `session_touch` that refreshes
 * last_seen_at when it is older than SESSION_TOUCH_SECONDS. The touch skips a row another
 * transaction holds, so a request never waits on it.
 */
export function sessionPrincipalCtes(principal: SessionPrincipal): {
  identity: SQL;
  sideEffects: SQL[];
} {
  const hash = isTokenHash(principal.tokenHash) ? principal.tokenHash : '';
  return {
    identity: sql`select ${sessions.userId} as user_id from ${sessions} where ${sessions.tokenHash} = ${hash} and ${live}`,
    sideEffects: [
      sql`update ${sessions} set last_seen_at = now() where ${sessions.id} in (
        select s.id from ${sessions} s where s.token_hash = ${hash}
          and s.last_seen_at <= now() - make_interval(secs => ${SESSION_TOUCH_SECONDS})
          and s.last_seen_at > now() - make_interval(days => ${SESSION_IDLE_DAYS})
        for update skip locked
      ) returning ${sessions.id}`,
    ],
  };
}

/** The verified user of a live session, or null (signed out, ended, expired). */
export async function findSessionUser(
  db: DbOrTx,
  tokenHash: string,
): Promise<{ id: string; name: string; email: string } | null> {
  if (!isTokenHash(tokenHash)) return null;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), live, isNotNull(users.emailVerified)))
    .limit(1);
  return user ?? null;
}

export type SessionSummary = Omit<Session, 'tokenHash'> & { current: boolean };

/**
 * The user's live sessions, most recently used first, marking the one asking; the token
 * hashes stay in the database.
 */
export async function listSessions(
  db: DbOrTx,
  userId: string,
  currentTokenHash: string | null,
): Promise<SessionSummary[]> {
  return db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      current: sql<boolean>`${sessions.tokenHash} = ${currentTokenHash ?? ''}`,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), live))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
    .limit(100);
}

/** Ends one session (sign-out); true when there was one. */
export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends one of the user's sessions by id (the security page); only the user's own. */
export async function deleteUserSession(
  db: DbOrTx,
  userId: string,
  sessionId: string,
): Promise<Session | null> {
  if (!UUID.test(sessionId)) return null;
  const [row] = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
    .returning();
  return row ?? null;
}

/** Ends every session of the user; returns how many ended. */
export async function deleteAllSessions(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Removes the user's sessions that expired (kept tidy when the list is shown). */
export async function purgeExpiredSessions(db: DbOrTx, userId: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        lte(sessions.lastSeenAt, sql`now() - make_interval(days => ${SESSION_IDLE_DAYS})`),
      ),
    );
}

/** "Firefox 128 on macOS", from the user agent a session started with. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]]
    .filter(Boolean)
    .join(' ');
  const os = parsed.os.name ?? '';
  if (!browser && !os) return 'Unknown device';
  if (!browser) return os;
  return os ? `${browser} on ${os}` : browser;
}
