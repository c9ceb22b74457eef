import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { rateLimits } from '@/db/schema';
import {
  AUTH_RATE_LIMITS,
  checkRateLimitsInOrder,
  hitRateLimit,
  signInRateLimitChecks,
  type RateLimitRule,
} from '@/lib/security/rate-limit';

// The cost of a hit, ordered checks, and the keys of the sign-in limits: a user cannot be
// locked out by someone failing on purpose from another address.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

const rule = (limit: number, windowSeconds = 60): RateLimitRule => ({
  name: `test-${randomUUID().slice(0, 8)}`,
  limit,
  windowSeconds,
});

async function countOf(r: RateLimitRule, subject: string) {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(eq(rateLimits.key, `${r.name}:${subject}`));
  return row?.count ?? 0;
}

describe('hitRateLimit with a cost', () => {
  it('counts the cost, and allows a hit only if all of it fits', async () => {
    const r = rule(10);
    expect(await hitRateLimit(db, r, 's', 7)).toMatchObject({ allowed: true, count: 7 });
    expect(await hitRateLimit(db, r, 's', 3)).toMatchObject({ allowed: true, count: 10 });
    expect(await hitRateLimit(db, r, 's', 1)).toMatchObject({ allowed: false, count: 11 });
  });

  it('refuses count + cost > limit even when the counter is under the limit', async () => {
    const r = rule(10);
    await hitRateLimit(db, r, 's', 8);
    expect(await hitRateLimit(db, r, 's', 3)).toMatchObject({ allowed: false, count: 11 });
  });

  it('rolled back with its transaction, a refused hit leaves the count as it was', async () => {
    const r = rule(5);
    await hitRateLimit(db, r, 's', 4);
    await expect(
      db.transaction(async (tx) => {
        const hit = await hitRateLimit(tx, r, 's', 2);
        if (!hit.allowed) throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await countOf(r, 's')).toBe(4);
    expect(await hitRateLimit(db, r, 's', 1)).toMatchObject({ allowed: true, count: 5 });
  });

  it('starts a new window with the cost of the first hit', async () => {
    const r = rule(5, 1);
    await hitRateLimit(db, r, 's', 5);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await hitRateLimit(db, r, 's', 2)).toMatchObject({ allowed: true, count: 2 });
  });

  it('rejects a cost that is not a positive integer, writing nothing', async () => {
    const r = rule(5);
    for (const cost of [0, -1, 1.5, Number.NaN]) {
      await expect(hitRateLimit(db, r, 's', cost)).rejects.toThrow(RangeError);
    }
    expect(await countOf(r, 's')).toBe(0);
  });
});

describe('checkRateLimitsInOrder', () => {
  it('stops at the first refusal: later rules do not count the refused hit', async () => {
    const narrow = rule(2);
    const wide = rule(100);
    const checks: Array<[RateLimitRule, string]> = [
      [narrow, 'a'],
      [wide, 'b'],
    ];
    expect((await checkRateLimitsInOrder(db, checks)).allowed).toBe(true);
    expect((await checkRateLimitsInOrder(db, checks)).allowed).toBe(true);
    const third = await checkRateLimitsInOrder(db, checks);
    expect(third).toMatchObject({ allowed: false, count: 3 });
    expect(await countOf(narrow, 'a')).toBe(3);
    expect(await countOf(wide, 'b')).toBe(2);
  });
});

describe('sign-in limits', () => {
  const { signInPerEmailAndIp, signInPerEmail, signInPerIp } = AUTH_RATE_LIMITS;
  const attempt = (email: string, ip: string) =>
    checkRateLimitsInOrder(db, signInRateLimitChecks(email, ip));

  it('are 10 per (email, IP), 100 per email, and per IP, all per 15 minutes', () => {
    expect(signInPerEmailAndIp).toMatchObject({
      name: 'sign-in:email-ip',
      limit: 10,
      windowSeconds: 900,
    });
    expect(signInPerEmail).toMatchObject({ name: 'sign-in:email', limit: 100, windowSeconds: 900 });
    expect(signInPerIp).toMatchObject({ name: 'sign-in:ip', windowSeconds: 900 });
    expect(signInPerIp.limit).toBeGreaterThanOrEqual(100);
  });

  it('an attacker failing from one address does not lock the user out of their own', async () => {
    const email = `victim-${randomUUID()}@x.test`;
    const attacker = '198.51.100.66';
    const user = '203.0.113.20';
    const results = [];
    for (let i = 0; i < 50; i++) results.push((await attempt(email, attacker)).allowed);
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results.slice(10).some(Boolean)).toBe(false);

    // The attacker's refused attempts never reached the per-email counter.
    expect(await countOf(signInPerEmail, email)).toBe(10);
    expect(await countOf(signInPerEmailAndIp, JSON.stringify([email, attacker]))).toBe(50);

    expect((await attempt(email, user)).allowed).toBe(true);
    // And the attacker's own other targets are counted separately per email.
    expect((await attempt(`other-${randomUUID()}@x.test`, attacker)).allowed).toBe(true);
  });

  it('guessing one password from many addresses stops at 100 attempts per email', async () => {
    const email = `target-${randomUUID()}@x.test`;
    for (let ip = 0; ip < 10; ip++) {
      for (let i = 0; i < 10; i++) {
        expect((await attempt(email, `192.0.2.${ip}`)).allowed).toBe(true);
      }
    }
    const refused = await attempt(email, '192.0.2.200');
    expect(refused).toMatchObject({ allowed: false, count: 101 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(800);
  });

  it('an attempt refused for its IP counts toward nothing else', async () => {
    const ip = '10.9.9.9';
    // This address has spent its per-IP budget.
    await db.insert(rateLimits).values({
      key: `${signInPerIp.name}:${ip}`,
      windowStart: new Date(),
      count: signInPerIp.limit,
    });
    const email = `fresh-${randomUUID()}@x.test`;
    expect((await attempt(email, ip)).allowed).toBe(false);
    // Refused for its IP, the attempt counts toward neither the pair nor the email.
    expect(await countOf(signInPerEmailAndIp, JSON.stringify([email, ip]))).toBe(0);
    expect(await countOf(signInPerEmail, email)).toBe(0);
  });
});
