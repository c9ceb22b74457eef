import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { accounts, memberships, users, type Account, type MemberRole } from '@/db/schema';
import { apiKeySource, type ApiKeyPrincipal } from '@/lib/api-keys/principal';
import { secretHashesMatch } from '@/lib/api-keys/secrets';
import { sessionSource, type PrincipalSource, type SessionPrincipal } from './principals';
import { isUuid } from '@/lib/validation';
import { can, type Permission } from './permissions';

/**
 * Who is asking: a signed-in browser session or an API key pair. Each kind resolves to a user
 * inside the one access query (PRINCIPAL_SOURCES below); a new kind of credential adds a
 * member here and a source there.
 */
export type Principal = SessionPrincipal | ApiKeyPrincipal;
export type { ApiKeyPrincipal, PrincipalSource, SessionPrincipal };

type PrincipalSources = {
  [K in Principal['kind']]: (principal: Extract<Principal, { kind: K }>) => PrincipalSource;
};

const PRINCIPAL_SOURCES: PrincipalSources = {
  session: (principal) => sessionSource(principal),
  apiKey: (principal) => apiKeySource(principal),
};

function principalSource(principal: Principal): PrincipalSource {
  const source = PRINCIPAL_SOURCES[principal.kind] as (p: Principal) => PrincipalSource;
  return source(principal);
}

export interface AccessContext {
  user: { id: string; name: string; email: string };
  account: Account;
  role: MemberRole;
  can: (permission: Permission) => boolean;
  /** When the member last used the account (the "last active" touch skips a recent one). */
  lastActiveAt: Date | null;
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
 * DESIGN §3: the one access check. In a single statement it resolves the principal's user
 * (a live server-side session or an unrevoked API key; anything else resolves to nobody),
 * the account and the membership, then checks one permission.
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
  if (!principal || (principal.kind === 'session' && accountId === null)) {
    throw new AccessError('unauthenticated');
  }
  const db = dbOrTx ?? (await getDb());
  const validAccountId = accountId !== null && isUuid(accountId) ? accountId : null;
  const row = await accessRow(db, principalSource(principal), validAccountId);
  if (!row) throw new AccessError('unauthenticated');
  if (principal.kind === 'apiKey') {
    // A key whose member left (or whose secret does not match) is no credential at all.
    if (!row.secretHash || !secretHashesMatch(row.secretHash, principal.secretHash)) {
      throw new AccessError('unauthenticated');
    }
    if (!row.role) throw new AccessError('unauthenticated');
    // A key acts on its own account only; any other id is one that does not exist for it.
    if (accountId !== null && accountId !== row.account?.id) throw new AccessError('not_found');
  }
  if (!row.role || !row.account) throw new AccessError('not_found');
  const { role, account } = row;
  const context: AccessContext = {
    user: { id: row.userId, name: row.userName, email: row.userEmail },
    account,
    role,
    can: (p) => can(role, p, account.kind),
    lastActiveAt: row.lastActiveAt,
  };
  if (!context.can(permission)) throw new AccessError('forbidden');
  return context;
}

/**
 * The single statement: the principal's identity and side effects as CTEs, its verified user,
 * and the membership in the account the credential belongs to (API key) or the one asked for.
 */
async function accessRow(db: DbOrTx, source: PrincipalSource, accountId: string | null) {
  const identity = db
    .$with('principal_user', {
      userId: sql<string>`user_id`.as('user_id'),
      accountId: sql<string | null>`account_id`.as('account_id'),
      secretHash: sql<string | null>`secret_hash`.as('secret_hash'),
    })
    .as(source.identity);
  const effects = source.sideEffects.map((statement, i) =>
    db.$with(`principal_effect_${i}`, { done: sql`1`.as('done') }).as(statement),
  );
  const [row] = await db
    .with(identity, ...effects)
    .select({
      userId: users.id,
      userName: users.name,
      userEmail: users.email,
      role: memberships.role,
      lastActiveAt: memberships.lastActiveAt,
      account: accounts,
      secretHash: sql<string | null>`principal_user.secret_hash`,
    })
    .from(identity)
    .innerJoin(users, eq(users.id, sql`principal_user.user_id`))
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, users.id),
        sql`${memberships.accountId} = coalesce(principal_user.account_id, ${accountId}::uuid)`,
      ),
    )
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(sql`${users.emailVerified} is not null`)
    .limit(1);
  return row;
}
