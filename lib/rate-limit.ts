import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

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
 * One atomic upsert per hit: concurrent hits never lose a count.
 */
export async function hitRateLimit(
  db: DbOrTx,
  rule: RateLimitRule,
  subject: string,
): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject}`;
  const window = `${rule.windowSeconds} seconds`;
  const result = await db.execute<{ count: number; window_start: string | Date }>(sql`
    insert into rate_limits (key, window_start, count)
    values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start <= now() - ${window}::interval
                   then 1 else rate_limits.count + 1 end,
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
// one address; per-email limits are fixed.
const ipFactor = Math.max(1, Number(process.env.AUTH_IP_LIMIT_MULTIPLIER) || 1);

export const AUTH_RATE_LIMITS = {
  signInPerEmail: { name: 'sign-in:email', limit: 10, windowSeconds: 15 * 60 },
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
