import { sql } from 'drizzle-orm';
import { apiKeys } from '@/db/schema';
import type { PrincipalSource } from '@/lib/authz/principals';
import { hashApiSecret } from './secrets';

// The API-key kind of principal for the one access query (lib/authz/access.ts). The key's
// part of that single statement finds the pair by its key (not revoked): its user, the one
// account it belongs to and the stored secret hash (compared in constant time by the access
// check). The membership — and so the live role, never stored on the key — is joined there.
// last_used_at is refreshed at most once a minute by a data-modifying CTE of the same
// statement: authentication and the access check are one round trip.

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

/**
 * The key's part of the access query. The touch runs only when the presented hash matches
 * and skips a row another request is touching, so no request waits on it.
 */
export function apiKeySource(principal: ApiKeyPrincipal): PrincipalSource {
  const { key, secretHash } = principal;
  return {
    identity: sql`select ${apiKeys.userId} as user_id, ${apiKeys.accountId} as account_id,
        ${apiKeys.secretHash} as secret_hash
      from ${apiKeys} where ${apiKeys.key} = ${key} and ${apiKeys.revokedAt} is null`,
    sideEffects: [
      sql`update ${apiKeys} set last_used_at = now() where (account_id, id) in (
        select k.account_id, k.id from ${apiKeys} k
         where k.key = ${key} and k.revoked_at is null and k.secret_hash = ${secretHash}
           and (k.last_used_at is null
                or k.last_used_at <= now() - make_interval(secs => ${KEY_TOUCH_SECONDS}))
         for update skip locked
      ) returning ${apiKeys.id}`,
    ],
  };
}
