import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, apiKeys, memberships, users, type Account, type MemberRole } from '@/db/schema';
import { hashApiSecret } from './secrets';

// The API-key kind of principal for the one access check (lib/authz/access.ts). One SQL
// statement finds the pair by its key (not revoked), its membership (the live role — never
// stored on the key), the account and the user, and refreshes last_used_at at most once a
// minute through a data-modifying CTE of the same statement: authentication and the access
// check are one round trip.

export interface ApiKeyPrincipal {
  kind: 'apiKey';
  key: string;
  /** HMAC of the presented secret: the secret itself goes no further than the door. */
  secretHash: string;
}

export function apiKeyPrincipal(credentials: { key: string; secret: string }): ApiKeyPrincipal {
  return { kind: 'apiKey', key: credentials.key, secretHash: hashApiSecret(credentials.secret) };
}

/** last_used_at is written at most this often, not on every request. */
export const KEY_TOUCH_SECONDS = 60;

export interface ApiKeyAccessRow {
  userId: string;
  userName: string;
  userEmail: string;
  role: MemberRole;
  account: Account;
  /** The stored hash, compared with the presented one in constant time by the caller. */
  secretHash: string;
}

/**
 * The pair's user, role and account in one statement; undefined for an unknown or revoked
 * key (or an unverified user). The touch CTE runs only when the presented hash matches and
 * skips a row another request is touching, so no request waits on it.
 */
export async function findApiKeyAccess(
  db: DbOrTx,
  principal: ApiKeyPrincipal,
): Promise<ApiKeyAccessRow | undefined> {
  const keyRow = db.$with('key_row').as(
    db
      .select({
        keyAccountId: sql<string>`${apiKeys.accountId}`.as('key_account_id'),
        keyUserId: sql<string>`${apiKeys.userId}`.as('key_user_id'),
        secretHash: apiKeys.secretHash,
      })
      .from(apiKeys)
      .where(and(eq(apiKeys.key, principal.key), isNull(apiKeys.revokedAt))),
  );
  const touch = db.$with('key_touch').as(
    db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        sql`(${apiKeys.accountId}, ${apiKeys.id}) in (
          select k.account_id, k.id from ${apiKeys} k
           where k.key = ${principal.key} and k.revoked_at is null
             and k.secret_hash = ${principal.secretHash}
             and (k.last_used_at is null
                  or k.last_used_at <= now() - make_interval(secs => ${KEY_TOUCH_SECONDS}))
           for update skip locked)`,
      )
      .returning({ id: apiKeys.id }),
  );
  const [row] = await db
    .with(keyRow, touch)
    .select({
      userId: users.id,
      userName: users.name,
      userEmail: users.email,
      role: memberships.role,
      account: accounts,
      secretHash: keyRow.secretHash,
    })
    .from(keyRow)
    .innerJoin(
      memberships,
      and(eq(memberships.accountId, keyRow.keyAccountId), eq(memberships.userId, keyRow.keyUserId)),
    )
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(isNotNull(users.emailVerified))
    .limit(1);
  return row;
}
