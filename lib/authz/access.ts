import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { accounts, memberships, users, type Account, type MemberRole } from '@/db/schema';
import { isUuid } from '@/lib/validation';
import { can, type Permission } from './permissions';

export interface Principal {
  userId: string;
  /** The session version the credential was issued with (see users.sessionVersion). */
  sessionVersion: number;
}

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
  accountId: string,
  permission: Permission,
  /** Pass the open transaction when checking inside one (PGlite has a single connection). */
  dbOrTx?: DbOrTx,
): Promise<AccessContext> {
  if (!principal || !isUuid(principal.userId)) throw new AccessError('unauthenticated');
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
