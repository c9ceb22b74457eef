import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { checkRateLimits, hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

const rule = (limit: number, windowSeconds = 60): RateLimitRule => ({
  name: `test-${randomUUID().slice(0, 8)}`,
  limit,
  windowSeconds,
});

async function hits(r: RateLimitRule, subject: string, n: number) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await hitRateLimit(db, r, subject));
  return results;
}

describe('hitRateLimit', () => {
  it('counts each hit and allows up to the limit', async () => {
    const r = rule(3);
    const results = await hits(r, 'alice@example.com', 3);
    expect(results.map((x) => x.count)).toEqual([1, 2, 3]);
    expect(results.every((x) => x.allowed)).toBe(true);
  });

  it('blocks every hit past the limit, with a retry-after within the window', async () => {
    const r = rule(3, 60);
    const results = await hits(r, 'alice@example.com', 6);
    expect(results.map((x) => x.allowed)).toEqual([true, true, true, false, false, false]);
    expect(results.map((x) => x.count)).toEqual([1, 2, 3, 4, 5, 6]);
    const blocked = results[5]!;
    expect(blocked.retryAfterSeconds).toBeGreaterThanOrEqual(55);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('keeps the counter in the database under "<rule>:<subject>"', async () => {
    const r = rule(5);
    await hits(r, '203.0.113.5', 2);
    const [row] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `${r.name}:203.0.113.5`));
    expect(row?.count).toBe(2);
  });

  it('counts subjects and rules separately', async () => {
    const a = rule(2);
    const b = rule(2);
    await hits(a, 'one', 3);
    expect((await hitRateLimit(db, a, 'two')).count).toBe(1);
    expect((await hitRateLimit(db, b, 'one')).count).toBe(1);
  });

  it('starts a new window once the old one has passed (window_start moved into the past)', async () => {
    const r = rule(2, 60);
    const subject = 'bob@example.com';
    expect((await hits(r, subject, 3)).map((x) => x.allowed)).toEqual([true, true, false]);

    // 59 s ago: still the same window
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '59 seconds'` })
      .where(eq(rateLimits.key, `${r.name}:${subject}`));
    const stillBlocked = await hitRateLimit(db, r, subject);
    expect(stillBlocked).toMatchObject({ allowed: false, count: 4 });
    expect(stillBlocked.retryAfterSeconds).toBeLessThanOrEqual(2);

    // 61 s ago: the window is over
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '61 seconds'` })
      .where(eq(rateLimits.key, `${r.name}:${subject}`));
    const fresh = await hitRateLimit(db, r, subject);
    expect(fresh).toMatchObject({ allowed: true, count: 1 });
    expect(fresh.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect((await hitRateLimit(db, r, subject)).count).toBe(2);
    expect((await hitRateLimit(db, r, subject)).allowed).toBe(false);
  });

  it('resets after a real 1-second window elapses', async () => {
    const r = rule(1, 1);
    const results = await hits(r, 'carol', 2);
    expect(results.map((x) => x.allowed)).toEqual([true, false]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await hitRateLimit(db, r, 'carol')).toMatchObject({ allowed: true, count: 1 });
  });

  it('loses no update under 30 simultaneous hits on one key', async () => {
    const r = rule(10);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => hitRateLimit(db, r, 'hammer')),
    );
    expect(results.map((x) => x.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // exactly `limit` of them got through
    expect(results.filter((x) => x.allowed)).toHaveLength(10);
    const [row] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `${r.name}:hammer`));
    expect(row?.count).toBe(30);
  });

  it('loses no update when the simultaneous hits each run in their own transaction', async () => {
    const r = rule(5);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => db.transaction((tx) => hitRateLimit(tx, r, 'tx-hammer'))),
    );
    expect(results.map((x) => x.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(results.filter((x) => x.allowed)).toHaveLength(5);
  });
});

describe('checkRateLimits', () => {
  it('counts a hit on every rule and reports the worst', async () => {
    const perEmail = rule(2, 60);
    const perIp = rule(100, 600);
    const checks: Array<[RateLimitRule, string]> = [
      [perEmail, 'dave@example.com'],
      [perIp, '192.0.2.10'],
    ];
    expect((await checkRateLimits(db, checks)).allowed).toBe(true);
    expect((await checkRateLimits(db, checks)).allowed).toBe(true);
    const third = await checkRateLimits(db, checks);
    expect(third.allowed).toBe(false);
    expect(third.count).toBe(3); // the per-email counter
    const [ipRow] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `${perIp.name}:192.0.2.10`));
    expect(ipRow?.count).toBe(3);
  });
});
