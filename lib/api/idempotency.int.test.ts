import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { apiIdempotency } from '@/db/schema';
import { createUser } from '@/test/factories';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_LEASE_SECONDS,
  idempotencyRequestHash,
  releaseIdempotencyKey,
} from './idempotency';

// The idempotency record on both databases: claim once, replay the stored response, refuse a
// different request, take over an expired key, and let a released key run again. Parallel
// requests through the API: app/api/v1 tests.

let db: Db;
let accountId: string;

beforeAll(async () => {
  db = await getDb();
  accountId = (await createUser(db, 'Idem')).personalAccountId;
});

const hashOf = (body: unknown) =>
  idempotencyRequestHash({ method: 'POST', path: '/api/v1/payments', userId: 'u', body });

describe('Idempotency-Key records', () => {
  it('the first request claims a key; the same request replays its response', async () => {
    const key = randomUUID();
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ a: 1 }))).toEqual({
      kind: 'claimed',
    });
    await completeIdempotencyKey(db, accountId, key, { status: 201, body: { id: 'p1' } });
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ a: 1 }))).toEqual({
      kind: 'replay',
      status: 201,
      body: { id: 'p1' },
    });
    // Key order in the body does not make it another request; a different value does.
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ a: 2 }))).toEqual({
      kind: 'mismatch',
    });
  });

  it('a key still running elsewhere is waited for, then reported in progress', async () => {
    const key = randomUUID();
    await claimIdempotencyKey(db, accountId, key, hashOf({}));
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({}), 200)).toEqual({
      kind: 'in_progress',
    });
    const waiting = claimIdempotencyKey(db, accountId, key, hashOf({}), 10_000);
    await completeIdempotencyKey(db, accountId, key, { status: 200, body: { ok: true } });
    expect(await waiting).toMatchObject({ kind: 'replay', status: 200 });
  });

  it('a released key runs again; an expired one is taken over', async () => {
    const key = randomUUID();
    await claimIdempotencyKey(db, accountId, key, hashOf({}));
    await releaseIdempotencyKey(db, accountId, key);
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ other: true }))).toEqual({
      kind: 'claimed',
    });
    await completeIdempotencyKey(db, accountId, key, { status: 201, body: {} });
    await db
      .update(apiIdempotency)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(and(eq(apiIdempotency.accountId, accountId), eq(apiIdempotency.key, key)));
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ new: 1 }))).toEqual({
      kind: 'claimed',
    });
  });

  it('a claim abandoned past its lease is taken over by the same request only', async () => {
    const key = randomUUID();
    await claimIdempotencyKey(db, accountId, key, hashOf({ pay: 1 }));
    // Its request lost the database (or its process) before it could answer or release.
    await db
      .update(apiIdempotency)
      .set({ createdAt: sql`now() - make_interval(secs => ${IDEMPOTENCY_LEASE_SECONDS + 1})` })
      .where(and(eq(apiIdempotency.accountId, accountId), eq(apiIdempotency.key, key)));
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ pay: 2 }), 200)).toEqual({
      kind: 'mismatch',
    });
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ pay: 1 }), 200)).toEqual({
      kind: 'claimed',
    });
    // Claimed again just now: a live claim is not taken over.
    expect(await claimIdempotencyKey(db, accountId, key, hashOf({ pay: 1 }), 200)).toEqual({
      kind: 'in_progress',
    });
  });

  it('keys are per account', async () => {
    const key = randomUUID();
    const other = (await createUser(db, 'Other')).personalAccountId;
    await claimIdempotencyKey(db, accountId, key, hashOf({}));
    expect(await claimIdempotencyKey(db, other, key, hashOf({ x: 1 }))).toEqual({
      kind: 'claimed',
    });
  });
});
