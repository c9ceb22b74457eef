import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { apiIdempotency } from '@/db/schema';

// Idempotency-Key for mutations: the first request with a key claims it (insert-first, so of
// concurrent requests with one key exactly one runs); the response is stored with it; a later
// request with the same key and the same request gets that response again; with a different
// request it is a conflict. Keys are per account and live for 24 hours.

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_TTL_HOURS = 24;
/** How long a request with a key still being run by another request waits for its result. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 100;
/**
 * A claim still without a response after this long was abandoned: its request lost its
 * process or the database before it could release the key. The same request may then claim
 * it again (what it did is safe to redo: a payment's own key makes a second charge a replay).
 */
export const IDEMPOTENCY_LEASE_SECONDS = 30;

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** Stable JSON: object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** What "the same request" means: method, path, the member who sent it, and the body. */
export function idempotencyRequestHash(request: {
  method: string;
  path: string;
  userId: string;
  body: unknown;
}): string {
  const text = JSON.stringify([
    request.method,
    request.path,
    request.userId,
    canonical(request.body ?? null),
  ]);
  return createHash('sha256').update(text).digest('hex');
}

async function tryClaim(db: DbOrTx, accountId: string, key: string, requestHash: string) {
  const claimed = await db
    .insert(apiIdempotency)
    .values({ accountId, key, requestHash })
    .onConflictDoUpdate({
      target: [apiIdempotency.accountId, apiIdempotency.key],
      set: { requestHash, status: null, response: null, createdAt: sql`now()` },
      // An expired record, or an abandoned claim of the same request, is taken over; a live
      // one is left alone (nothing returned).
      setWhere: sql`${apiIdempotency.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
        or (${apiIdempotency.status} is null and ${apiIdempotency.requestHash} = ${requestHash}
            and ${apiIdempotency.createdAt} < now() - make_interval(secs => ${IDEMPOTENCY_LEASE_SECONDS}))`,
    })
    .returning({ key: apiIdempotency.key });
  return claimed.length > 0;
}

/**
 * Claims `key` for this request, or says what to answer instead. A request that finds the
 * key still running elsewhere waits (bounded) for that first response.
 */
export async function claimIdempotencyKey(
  db: DbOrTx,
  accountId: string,
  key: string,
  requestHash: string,
  waitMs = WAIT_FOR_FIRST_MS,
): Promise<IdempotencyClaim> {
  if (await tryClaim(db, accountId, key, requestHash)) return { kind: 'claimed' };
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [row] = await db
      .select()
      .from(apiIdempotency)
      .where(and(eq(apiIdempotency.accountId, accountId), eq(apiIdempotency.key, key)));
    // Released by a failed first request in the meantime, or abandoned: claim it now.
    const abandoned =
      row?.status === null &&
      row.requestHash === requestHash &&
      row.createdAt.getTime() < Date.now() - IDEMPOTENCY_LEASE_SECONDS * 1000;
    if (!row || abandoned) {
      if (await tryClaim(db, accountId, key, requestHash)) return { kind: 'claimed' };
      if (!row) continue;
    }
    if (row.requestHash !== requestHash) return { kind: 'mismatch' };
    if (row.status !== null) return { kind: 'replay', status: row.status, body: row.response };
    if (Date.now() >= deadline) return { kind: 'in_progress' };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Stores the response of the request that claimed the key. */
export async function completeIdempotencyKey(
  db: DbOrTx,
  accountId: string,
  key: string,
  response: { status: number; body?: unknown },
): Promise<void> {
  await db
    .update(apiIdempotency)
    .set({ status: response.status, response: response.body ?? null })
    .where(and(eq(apiIdempotency.accountId, accountId), eq(apiIdempotency.key, key)));
}

/** Gives the key up after a failure that must not be replayed (a crash): a retry runs again. */
export async function releaseIdempotencyKey(
  db: DbOrTx,
  accountId: string,
  key: string,
): Promise<void> {
  await db
    .delete(apiIdempotency)
    .where(
      and(
        eq(apiIdempotency.accountId, accountId),
        eq(apiIdempotency.key, key),
        isNull(apiIdempotency.status),
      ),
    );
}
