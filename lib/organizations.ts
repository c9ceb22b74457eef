import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, memberships, type Account } from '@/db/schema';
import { ACCOUNT_DETAIL_FIELDS, type AccountDetails } from '@/lib/account-details';
import { statusForBalance } from '@/lib/billing/status';

/** A rule of the domain said no; the message is for the user. Nothing was written. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

function detailValues(details: AccountDetails) {
  const values: Partial<Record<(typeof ACCOUNT_DETAIL_FIELDS)[number], string>> = {};
  for (const field of ACCOUNT_DETAIL_FIELDS) values[field] = details[field];
  return values as Record<(typeof ACCOUNT_DETAIL_FIELDS)[number], string>;
}

/** A new organization: the creator is its owner; 0 credit, so it starts suspended. */
export async function createOrganization(
  tx: DbOrTx,
  creatorUserId: string,
  details: AccountDetails,
): Promise<Account> {
  const [organization] = await tx
    .insert(accounts)
    .values({
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

/** Writes only the allowlisted detail columns; returns the row before and after. */
export async function updateAccountDetails(
  tx: DbOrTx,
  accountId: string,
  details: AccountDetails,
): Promise<{ before: Account; after: Account }> {
  const [before] = await tx
    .select()
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for('no key update');
  if (!before) throw new DomainError('This account no longer exists.');
  const values = detailValues(details);
  if (before.kind === 'personal') {
    // A personal account's name is its owner's; only its billing details change here.
    values.name = before.name;
  }
  const [after] = await tx
    .update(accounts)
    .set(values)
    .where(eq(accounts.id, accountId))
    .returning();
  if (!after) throw new DomainError('This account no longer exists.');
  return { before, after };
}

/**
 * Locks the organization's row: every change to its memberships takes this lock first, so
 * "at least one owner" is checked and kept under concurrent leaves, removals and demotions.
 * NO KEY UPDATE conflicts with itself but not with the KEY SHARE locks of foreign-key checks.
 */
export async function lockAccount(tx: DbOrTx, accountId: string): Promise<Account> {
  const [account] = await tx
    .select()
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for('no key update');
  if (!account) throw new DomainError('This organization no longer exists.');
  return account;
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
  const account = await lockAccount(tx, accountId);
  if (account.kind !== 'organization')
    throw new DomainError('You cannot leave a personal account.');
  const [membership] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  if (!membership) throw new DomainError('You are not a member of this organization.');
  if (membership.role === 'owner' && (await countOwners(tx, accountId)) <= 1) {
    throw new DomainError(LAST_OWNER_MESSAGE);
  }
  await tx
    .delete(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return { role: membership.role };
}
