import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { apiKeys, memberships, type ApiKey } from '@/db/schema';
import { ConflictError, DomainError, isUniqueViolation } from '@/lib/errors';
import { newApiKeyPair } from './secrets';

// Creating, rotating and revoking a membership's pair. "One active pair per membership" is
// the partial unique index api_keys_active_membership_idx; these functions turn its
// violation into a clear refusal. The role is never stored here: it is read live from the
// membership by the access check.

/** The pair as listed: never the hash. */
export type ApiKeySummary = Pick<ApiKey, 'id' | 'key' | 'createdAt' | 'lastUsedAt'>;

const summaryColumns = {
  id: apiKeys.id,
  key: apiKeys.key,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export interface IssuedApiKey {
  summary: ApiKeySummary;
  /** Shown once to the user; never stored. */
  secret: string;
}

export const ALREADY_HAS_KEY_MESSAGE =
  'You already have an API key for this account. Rotate it to get a new secret.';
export const NO_KEY_MESSAGE = 'There is no active API key to change. Create one first.';

/** The membership's active pair, if any. */
export async function activeApiKey(
  db: DbOrTx,
  accountId: string,
  userId: string,
): Promise<ApiKeySummary | null> {
  const [row] = await db
    .select(summaryColumns)
    .from(apiKeys)
    .where(
      and(eq(apiKeys.accountId, accountId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)),
    )
    .limit(1);
  return row ?? null;
}

/** The members of an account who have an active pair (for the Users page). */
export async function membersWithActiveKeys(db: DbOrTx, accountId: string): Promise<Set<string>> {
  const rows = await db
    .select({ userId: apiKeys.userId })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)));
  return new Set(rows.map((r) => r.userId));
}

/**
 * Inserts a new active pair. Runs in a savepoint so that losing the race to a concurrent
 * create leaves the caller's transaction usable for the refusal.
 */
async function insertKey(tx: DbOrTx, accountId: string, userId: string): Promise<IssuedApiKey> {
  const pair = newApiKeyPair();
  try {
    const [row] = await tx.transaction((sp) =>
      sp
        .insert(apiKeys)
        .values({ accountId, userId, key: pair.key, secretHash: pair.secretHash })
        .returning(summaryColumns),
    );
    if (!row) throw new Error('api key not inserted');
    return { summary: row, secret: pair.secret };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(ALREADY_HAS_KEY_MESSAGE);
    throw error;
  }
}

async function requireMembership(tx: DbOrTx, accountId: string, userId: string): Promise<void> {
  const [membership] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  if (!membership) throw new DomainError('This person is no longer a member.');
}

/** A first pair for the membership; refused when one is active. */
export async function createApiKey(
  tx: DbOrTx,
  accountId: string,
  userId: string,
): Promise<IssuedApiKey> {
  await requireMembership(tx, accountId, userId);
  if (await activeApiKey(tx, accountId, userId)) throw new ConflictError(ALREADY_HAS_KEY_MESSAGE);
  return insertKey(tx, accountId, userId);
}

/** Revokes the active pair; the revoked one is returned (null when there was none). */
export async function revokeApiKey(
  tx: DbOrTx,
  accountId: string,
  userId: string,
): Promise<ApiKeySummary | null> {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(apiKeys.accountId, accountId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)),
    )
    .returning(summaryColumns);
  return row ?? null;
}

/**
 * Replaces the active pair in one transaction: the old secret stops working when it commits,
 * the new one starts then.
 */
export async function rotateApiKey(
  tx: DbOrTx,
  accountId: string,
  userId: string,
): Promise<{ previous: ApiKeySummary; issued: IssuedApiKey }> {
  const previous = await revokeApiKey(tx, accountId, userId);
  if (!previous) throw new DomainError(NO_KEY_MESSAGE);
  return { previous, issued: await insertKey(tx, accountId, userId) };
}
