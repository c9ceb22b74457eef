import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, memberships, type Account } from '@/db/schema';
import { detailValues } from '@/lib/accounts/details';
import { lockedMembership } from '@/lib/accounts/lock';
import type { AccountDetails } from '@/lib/accounts/schemas';
import { statusForBalance } from '@/lib/billing/status';
import { ConflictError } from '@/lib/errors';

// Domain: accounts (lib/accounts/). Owns the account row: organizations, their details and
// zod schemas (schemas.ts), the account menu's queries (queries.ts), the account actions
// (actions.ts) and the one account row lock (lock.ts, which every domain that changes an
// account takes). May import: db/, the shared lib/*.ts helpers, audit/, authz/ (types),
// actions/core (types) and billing/status (a pure rule). Must not import members/,
// invitations/ or billing's changes: those build on this folder.

/**
 * A new organization: the creator is its owner; 0 credit, so it starts suspended. `id` is for
 * the demo seed, whose organizations have fixed ids (links in the README and the e2e specs).
 */
export async function createOrganization(
  tx: DbOrTx,
  creatorUserId: string,
  details: AccountDetails,
  options: { id?: string } = {},
): Promise<Account> {
  const [organization] = await tx
    .insert(accounts)
    .values({
      ...(options.id ? { id: options.id } : {}),
      kind: 'organization',
      status: statusForBalance(0),
      balance: 0,
      ...detailValues(details),
    })
    .returning();
  if (!organization) throw new Error('organization not created');
  await tx
    .insert(memberships)
    .values({ accountId: organization.id, userId: creatorUserId, role: 'owner' });
  return organization;
}

export async function countOwners(tx: DbOrTx, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'owner')));
  return Number(row?.n ?? 0);
}

export const LAST_OWNER_MESSAGE =
  'You are the last owner of this organization. Make another member an owner before you leave.';

/** The user leaves the organization; refused for its last owner. */
export async function leaveOrganization(
  tx: DbOrTx,
  accountId: string,
  userId: string,
): Promise<{ role: string }> {
  const membership = await lockedMembership(tx, accountId, userId, {
    personal: 'You cannot leave a personal account.',
    missing: 'You are not a member of this organization.',
  });
  if (membership.role === 'owner' && (await countOwners(tx, accountId)) <= 1) {
    throw new ConflictError(LAST_OWNER_MESSAGE);
  }
  await tx
    .delete(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return { role: membership.role };
}
