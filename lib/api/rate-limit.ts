import type { DbOrTx } from '@/db/client';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';

// The per-key limit of the REST API: a fixed window in the shared rate_limits table, so it
// holds across app instances. Every authenticated response carries the IETF RateLimit
// headers; a refusal adds Retry-After.

/** Requests per key per minute (API_RATE_LIMIT_PER_MINUTE overrides, e.g. for tests). */
export function apiRateLimitRule(env: NodeJS.ProcessEnv = process.env): RateLimitRule {
  const configured = Number.parseInt(env.API_RATE_LIMIT_PER_MINUTE ?? '', 10);
  return {
    name: 'api:key',
    limit: Number.isSafeInteger(configured) && configured > 0 ? configured : 600,
    windowSeconds: 60,
  };
}

export interface ApiRateLimit {
  allowed: boolean;
  headers: Record<string, string>;
}

export async function hitApiRateLimit(db: DbOrTx, key: string): Promise<ApiRateLimit> {
  const rule = apiRateLimitRule();
  const hit = await hitRateLimit(db, rule, key);
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(rule.limit),
    'RateLimit-Remaining': String(Math.max(0, rule.limit - hit.count)),
    'RateLimit-Reset': String(hit.retryAfterSeconds),
    'RateLimit-Policy': `${rule.limit};w=${rule.windowSeconds}`,
  };
  if (!hit.allowed) headers['Retry-After'] = String(hit.retryAfterSeconds);
  return { allowed: hit.allowed, headers };
}
