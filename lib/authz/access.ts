import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { accounts, memberships, users, type Account, type MemberRole } from '@/db/schema';
import { findApiKeyAccess, type ApiKeyPrincipal } from '@/lib/api-keys/principal';
import { secretHashesMatch } from '@/lib/api-keys/secrets';
import { isUuid } from '@/lib/validation';
import { can, type Permission } from './permissions';

export interface SessionPrincipal {
  kind?: 'session';
  userId: string;
  /** The session version the credential was issued with (see users.sessionVersion). */
  sessionVersion: number;
}

/** Who asks: a signed-in browser session, or an API key pair (lib/api-keys/principal.ts). */
export type Principal = SessionPrincipal | ApiKeyPrincipal;

export interface AccessContext {
  user: { id: string; name: string; email: string };
  account: Account;
  role: MemberRole;
  can: (permission: Permission) => boolean;
}

export type AccessFailure = 'unauthenticated' | 'not_found' | 'forbidden';

export class AccessError extends Error {
  constructor(readonly reason: AccessFailure) {
    super(reason);
    this.name = 'AccessError';
  }
}

// Re-exported: callers that check an id before asking for access import it from here.
export { isUuid };

/**
 * DESIGN §3: the one access check. In a single query it resolves the principal's user
 * (refusing revoked sessions), the account and the membership, then checks one permission.
 * A non-member gets not_found (the account does not exist for them), never forbidden.
 */
export async function checkAccess(
  principal: Principal | null,
  /** The account asked for; null for an API key's own account (the only one it may act on). */
  accountId: string | null,
  permission: Permission,
  /** Pass the open transaction when checking inside one (PGlite has a single connection). */
  dbOrTx?: DbOrTx,
): Promise<AccessContext> {
  if (principal?.kind === 'apiKey') {
    return checkApiKeyAccess(principal, accountId, permission, dbOrTx ?? (await getDb()));
  }
  if (!principal || !isUuid(principal.userId) || accountId === null) {
    throw new AccessError('unauthenticated');
  }
  const db = dbOrTx ?? (await getDb());
  const validAccountId = isUuid(accountId) ? accountId : null;
  const [row] = await db
    .select({
      userId: users.id,
      userName: users.name,
      userEmail: users.email,
      role: memberships.role,
      account: accounts,
    })
    .from(users)
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, users.id),
        validAccountId ? eq(memberships.accountId, validAccountId) : sql`false`,
      ),
    )
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(users.id, principal.userId),
        eq(users.sessionVersion, principal.sessionVersion),
        sql`${users.emailVerified} is not null`,
      ),
    )
    .limit(1);

  if (!row) throw new AccessError('unauthenticated');
  if (!row.role || !row.account) throw new AccessError('not_found');
  return grant(row as AccessRow, permission);
}

interface AccessRow {
  userId: string;
  userName: string;
  userEmail: string;
  role: MemberRole;
  account: Account;
}

function grant(row: AccessRow, permission: Permission): AccessContext {
  const { role, account } = row;
  const context: AccessContext = {
    user: { id: row.userId, name: row.userName, email: row.userEmail },
    account,
    role,
    can: (p) => can(role, p, account.kind),
  };
  if (!context.can(permission)) throw new AccessError('forbidden');
  return context;
}

/**
 * The API-key principal: one statement (findApiKeyAccess), then the presented secret's hash
 * compared with the stored one in constant time. A key acts on its own account only; any
 * other account id is one that does not exist for it.
 */
async function checkApiKeyAccess(
  principal: ApiKeyPrincipal,
  accountId: string | null,
  permission: Permission,
  db: DbOrTx,
): Promise<AccessContext> {
  const row = await findApiKeyAccess(db, principal);
  if (!row || !secretHashesMatch(row.secretHash, principal.secretHash)) {
    throw new AccessError('unauthenticated');
  }
  if (accountId !== null && accountId !== row.account.id) throw new AccessError('not_found');
  return grant(row, permission);
}
