import type { DbOrTx } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';

/**
 * Limits on the console's costly actions, in the shared database-backed limiter (fixed
 * windows in `rate_limits`, so every app instance counts together): a payment attempt may
 * reach a payment provider, an organization is a new tenant, an audit export streams up to
 * 100,000 rows. Each is limited per user and, where several members share it, per account.
 */
export const COSTLY_ACTION_LIMITS = {
  paymentPerUser: { name: 'payment:user', limit: 30, windowSeconds: 60 * 60 },
  paymentPerAccount: { name: 'payment:account', limit: 60, windowSeconds: 60 * 60 },
  organizationPerUser: { name: 'organization-create:user', limit: 20, windowSeconds: 24 * 3600 },
  auditExportPerUser: { name: 'audit-export:user', limit: 10, windowSeconds: 60 * 60 },
  auditExportPerAccount: { name: 'audit-export:account', limit: 30, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

/** "Try again in 5 minutes." / "Try again in 3 hours." */
export function tryAgainIn(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 120) return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  return `Try again in ${Math.ceil(minutes / 60)} hours.`;
}

/** A limit said no: a DomainError whose answer on a route is 429 with Retry-After. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/**
 * Counts one hit on each (rule, subject) in order and throws RateLimitedError at the first
 * refusal: "Too many <what>. Try again in N minutes." Inside a transaction, a refusal rolls
 * back with it, its own count included.
 */
export async function enforceLimits(
  db: DbOrTx,
  what: string,
  checks: Array<[RateLimitRule, string]>,
): Promise<void> {
  for (const [rule, subject] of checks) {
    const hit = await hitRateLimit(db, rule, subject);
    if (!hit.allowed) {
      throw new RateLimitedError(
        `Too many ${what}. ${tryAgainIn(hit.retryAfterSeconds)}`,
        hit.retryAfterSeconds,
      );
    }
  }
}

/** An audit export: per user and per account. */
export function auditExportLimits(
  userId: string,
  accountId: string,
): Array<[RateLimitRule, string]> {
  return [
    [COSTLY_ACTION_LIMITS.auditExportPerUser, userId],
    [COSTLY_ACTION_LIMITS.auditExportPerAccount, accountId],
  ];
}
