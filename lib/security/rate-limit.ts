import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

// Domain: security (lib/security/). Owns abuse limits (rate-limit.ts: fixed windows counted
// in PostgreSQL). May import: db/ only, so that auth/ and invitations/ can count against it.

export interface RateLimitRule {
  /** e.g. "sign-in:email" — combined with the subject into the counter key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter kept in PostgreSQL, so the limit holds across app instances.
 * One atomic upsert per hit: concurrent hits never lose a count. A hit of `cost` n (e.g. one
 * request sending n emails) counts n, and is allowed only if the whole of it fits:
 * count before + cost ≤ limit. Inside a transaction that is rolled back when refused, the
 * refused hit leaves no trace, and the counter's row lock (held to the end of the
 * transaction) serializes concurrent hits on one key.
 */
export async function hitRateLimit(
  db: DbOrTx,
  rule: RateLimitRule,
  subject: string,
  cost = 1,
): Promise<RateLimitResult> {
  if (!Number.isSafeInteger(cost) || cost < 1) {
    throw new RangeError(`rate limit cost must be a positive integer, got ${cost}`);
  }
  const key = `${rule.name}:${subject}`;
  const window = `${rule.windowSeconds} seconds`;
  const result = await db.execute<{ count: number; window_start: string | Date }>(sql`
    insert into rate_limits (key, window_start, count)
    values (${key}, now(), ${cost}::int)
    on conflict (key) do update set
      count = case when rate_limits.window_start <= now() - ${window}::interval
                   then ${cost}::int else rate_limits.count + ${cost}::int end,
      window_start = case when rate_limits.window_start <= now() - ${window}::interval
                   then now() else rate_limits.window_start end
    returning count, window_start
  `);
  const row = result.rows[0];
  if (!row) throw new Error('rate limit upsert returned nothing');
  const count = Number(row.count);
  const started = new Date(row.window_start).getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((started + rule.windowSeconds * 1000 - Date.now()) / 1000),
  );
  return { allowed: count <= rule.limit, count, retryAfterSeconds };
}

// Per-IP limits can be raised (never lowered) for a test harness whose every browser shares
// one address; the other limits are fixed.
const ipFactor = Math.max(1, Number(process.env.AUTH_IP_LIMIT_MULTIPLIER) || 1);

export const AUTH_RATE_LIMITS = {
  // Guessing one user's password from one address. Keyed by (email, IP), so nobody can lock
  // a user out from elsewhere by failing on purpose.
  signInPerEmailAndIp: { name: 'sign-in:email-ip', limit: 10, windowSeconds: 15 * 60 },
  // Guessing one user's password from many addresses.
  signInPerEmail: { name: 'sign-in:email', limit: 100, windowSeconds: 15 * 60 },
  signInPerIp: { name: 'sign-in:ip', limit: 100 * ipFactor, windowSeconds: 15 * 60 },
  signUpPerEmail: { name: 'sign-up:email', limit: 5, windowSeconds: 60 * 60 },
  signUpPerIp: { name: 'sign-up:ip', limit: 30 * ipFactor, windowSeconds: 60 * 60 },
  emailLinkPerEmail: { name: 'email-link:email', limit: 5, windowSeconds: 60 * 60 },
  emailLinkPerIp: { name: 'email-link:ip', limit: 30 * ipFactor, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

/** Checks every (rule, subject) pair; counts a hit on each. */
export async function checkRateLimits(
  db: DbOrTx,
  checks: Array<[RateLimitRule, string]>,
): Promise<RateLimitResult> {
  let worst: RateLimitResult = { allowed: true, count: 0, retryAfterSeconds: 0 };
  for (const [rule, subject] of checks) {
    const result = await hitRateLimit(db, rule, subject);
    if (!result.allowed && (worst.allowed || result.retryAfterSeconds > worst.retryAfterSeconds)) {
      worst = result;
    }
  }
  return worst;
}

/**
 * Checks the (rule, subject) pairs in order and stops at the first refusal: a hit refused by
 * one rule is not counted by the rules after it.
 */
export async function checkRateLimitsInOrder(
  db: DbOrTx,
  checks: Array<[RateLimitRule, string]>,
): Promise<RateLimitResult> {
  let last: RateLimitResult = { allowed: true, count: 0, retryAfterSeconds: 0 };
  for (const [rule, subject] of checks) {
    last = await hitRateLimit(db, rule, subject);
    if (!last.allowed) return last;
  }
  return last;
}

/**
 * The sign-in limits of one attempt, narrowest address first: per IP, then per (email, IP),
 * then per email. Checked in order (`checkRateLimitsInOrder`), so attempts refused for their
 * IP or their (email, IP) pair never reach the per-email counter: one address can add at most
 * `signInPerEmailAndIp.limit` to it per window, and locking a user out everywhere takes
 * `signInPerEmail.limit / signInPerEmailAndIp.limit` addresses at once.
 */
export function signInRateLimitChecks(email: string, ip: string): Array<[RateLimitRule, string]> {
  return [
    [AUTH_RATE_LIMITS.signInPerIp, ip],
    // JSON keeps the pair unambiguous whatever characters either part holds.
    [AUTH_RATE_LIMITS.signInPerEmailAndIp, JSON.stringify([email, ip])],
    [AUTH_RATE_LIMITS.signInPerEmail, email],
  ];
}

/** Invitation emails (new and resent): the account and inviter budgets per day. */
export const INVITATION_RATE_LIMITS = {
  emailsPerAccount: { name: 'invitation-email:account', limit: 100, windowSeconds: 24 * 60 * 60 },
  emailsPerInviter: { name: 'invitation-email:user', limit: 200, windowSeconds: 24 * 60 * 60 },
  resendsPerInvitation: { name: 'invitation-resend:invitation', limit: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;
