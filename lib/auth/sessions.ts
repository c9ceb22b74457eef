import Bowser from 'bowser';
import { and, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { sessions, users, type Session } from '@/db/schema';
import {
  isTokenHash,
  liveSession,
  SESSION_IDLE_DAYS,
  type SessionPrincipal,
} from '@/lib/authz/principals';
import { generateToken, hashToken } from '@/lib/auth/tokens';

export {
  SESSION_IDLE_DAYS,
  SESSION_TOUCH_SECONDS,
  type SessionPrincipal,
} from '@/lib/authz/principals';

/**
 * Server-side sessions. Every sign-in creates a row whose id is the SHA-256 of a random token;
 * the token itself lives only in the encrypted Auth.js cookie. The one access query
 * (lib/authz/access.ts) refuses a token without a live row, so deleting the row — sign-out,
 * "sign out" on one session, "sign out everywhere", a password reset — ends that session at
 * its next request, wherever a copy of the cookie is.
 */

export function sessionPrincipal(token: string): SessionPrincipal {
  return { kind: 'session', tokenHash: hashToken(token) };
}

const USER_AGENT_MAX = 512;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    .where(and(eq(sessions.tokenHash, tokenHash), liveSession, isNotNull(users.emailVerified)))
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
    .where(and(eq(sessions.userId, userId), liveSession))
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
