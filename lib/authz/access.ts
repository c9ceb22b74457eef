import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { accounts, memberships, users, type Account, type MemberRole } from '@/db/schema';
import { sessionSource, type PrincipalSource, type SessionPrincipal } from './principals';
import { isUuid } from '@/lib/validation';
import { can, type Permission } from './permissions';

/**
 * Who is asking. Each kind resolves to a user inside the one access query (PRINCIPAL_SOURCES
 * below); a new kind of credential adds a member here and a source there.
 */
export type Principal = SessionPrincipal;
export type { PrincipalSource, SessionPrincipal };

type PrincipalSources = {
  [K in Principal['kind']]: (
    principal: Extract<Principal, { kind: K }>,
    accountId: string | null,
  ) => PrincipalSource;
};

const PRINCIPAL_SOURCES: PrincipalSources = {
  session: (principal) => sessionSource(principal),
};

function principalSource(principal: Principal, accountId: string | null): PrincipalSource {
  const source = PRINCIPAL_SOURCES[principal.kind] as (
    p: Principal,
    accountId: string | null,
  ) => PrincipalSource;
  return source(principal, accountId);
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
 * DESIGN §3: the one access check. In a single statement it resolves the principal's user
 * (a live server-side session; a signed-out or revoked one resolves to nobody), the account
 * and the membership, then checks one permission.
 * A non-member gets not_found (the account does not exist for them), never forbidden.
 */
export async function checkAccess(
  principal: Principal | null,
  accountId: string,
  permission: Permission,
  /** Pass the open transaction when checking inside one (PGlite has a single connection). */
  dbOrTx?: DbOrTx,
): Promise<AccessContext> {
  if (!principal) throw new AccessError('unauthenticated');
  const db = dbOrTx ?? (await getDb());
  const validAccountId = isUuid(accountId) ? accountId : null;
  const source = principalSource(principal, validAccountId);
  const identity = db
    .$with('principal_user', { userId: sql<string>`user_id`.as('user_id') })
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
      account: accounts,
    })
    .from(identity)
    .innerJoin(users, eq(users.id, sql`principal_user.user_id`))
    .leftJoin(
      memberships,
      and(
        eq(memberships.userId, users.id),
        validAccountId ? eq(memberships.accountId, validAccountId) : sql`false`,
      ),
    )
    .leftJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(sql`${users.emailVerified} is not null`)
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
