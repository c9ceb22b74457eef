import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  auditExportLimits,
  COSTLY_ACTION_LIMITS,
  enforceLimits,
  RateLimitedError,
} from './throttle';

let db: Db;
beforeAll(async () => {
  db = await getDb();
});

async function exportAs(userId: string, accountId: string) {
  try {
    await enforceLimits(db, 'audit exports', auditExportLimits(userId, accountId));
    return 'allowed';
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
}

describe('audit exports', () => {
  it('are limited per user and per account, naming when to try again', async () => {
    const account = randomUUID();
    const alice = randomUUID();
    const perUser = COSTLY_ACTION_LIMITS.auditExportPerUser.limit;
    for (let i = 0; i < perUser; i++) expect(await exportAs(alice, account)).toBe('allowed');
    const refused = await exportAs(alice, account);
    expect(refused).toBeInstanceOf(RateLimitedError);
    const error = refused as RateLimitedError;
    expect(error.message).toMatch(/^Too many audit exports\. Try again in \d+ minutes?\.$/);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);

    // Other members of the account share its budget.
    const perAccount = COSTLY_ACTION_LIMITS.auditExportPerAccount.limit;
    let allowed = perUser;
    while (allowed < perAccount) {
      expect(await exportAs(randomUUID(), account)).toBe('allowed');
      allowed++;
    }
    expect(await exportAs(randomUUID(), account)).toBeInstanceOf(RateLimitedError);
    expect(await exportAs(randomUUID(), randomUUID())).toBe('allowed');
  });
});
