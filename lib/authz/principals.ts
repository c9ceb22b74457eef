import { sql, type SQL } from 'drizzle-orm';
import { sessions } from '@/db/schema';

// The kinds of principal the one access query (access.ts) resolves, each as its part of that
// single statement. A session principal is a server-side session (its lifecycle — sign-in,
// sign-out, the security page — is lib/auth/sessions.ts); another kind of credential adds
// its type to `Principal` and its source to PRINCIPAL_SOURCES in access.ts.

/** A session unused for this long is over (Auth.js's cookie lives as long). */
export const SESSION_IDLE_DAYS = 14;
/** last_seen_at is written at most this often, not on every request. */
export const SESSION_TOUCH_SECONDS = 60;

export interface SessionPrincipal {
  kind: 'session';
  /** SHA-256 (hex) of the token in the cookie: the sessions row's token_hash. */
  tokenHash: string;
}

/**
 * A principal kind's part of the access query: `identity` is a SELECT yielding the columns
 * `user_id`, `account_id` and `secret_hash` (no row: unauthenticated). `account_id` is null for
 * a credential that may ask for any of its user's accounts (a session) and names the only
 * account a credential belongs to otherwise (an API key); `secret_hash` is the stored hash the
 * caller compares in constant time (null when there is none to compare). `sideEffects` are
 * data-modifying statements run as CTEs of that same statement (e.g. refreshing a last-seen
 * time), so the check stays one round trip.
 */
export interface PrincipalSource {
  identity: SQL;
  sideEffects: SQL[];
}

const HASH = /^[0-9a-f]{64}$/;

/** Whether a token hash is well formed (anything else cannot match a row). */
export function isTokenHash(value: string): boolean {
  return HASH.test(value);
}

/** The condition of a live session (used within the last SESSION_IDLE_DAYS). */
export const liveSession = sql`${sessions.lastSeenAt} > now() - make_interval(days => ${SESSION_IDLE_DAYS})`;

/**
 * A session's part of the access query: the user of a live session with this token hash,
 * and a data-modifying CTE that refreshes last_seen_at when it is older than
 * SESSION_TOUCH_SECONDS. The touch skips a row another transaction holds, so a request never
 * waits on it.
 */
export function sessionSource(principal: SessionPrincipal): PrincipalSource {
  const hash = isTokenHash(principal.tokenHash) ? principal.tokenHash : '';
  return {
    identity: sql`select ${sessions.userId} as user_id, null::uuid as account_id, null::text as secret_hash from ${sessions} where ${sessions.tokenHash} = ${hash} and ${liveSession}`,
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
