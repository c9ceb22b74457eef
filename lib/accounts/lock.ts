import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, memberships, type Account, type Membership } from '@/db/schema';
import { DomainError } from '@/lib/errors';

/**
 * The account row lock, the one way any change to an account takes it: the action pipeline
 * before re-checking access, the ledger before a posting, membership changes before counting
 * owners. NO KEY UPDATE (the lock an UPDATE of non-key columns takes anyway) serialises these
 * changes but does not conflict with the KEY SHARE locks of foreign-key checks, so inserts
 * that reference the account (payments, ledger entries, memberships) are not blocked and
 * cannot deadlock against it. Undefined when the account does not exist.
 */
export async function lockAccountRow(tx: DbOrTx, accountId: string): Promise<Account | undefined> {
  const [account] = await tx
    .select()
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for('no key update');
  return account;
}

/**
 * Locks the account's row or refuses when it is gone: every change to an organization's
 * memberships takes this lock first, so "at least one owner" is checked and kept under
 * concurrent leaves, removals and demotions.
 */
export async function lockAccount(
  tx: DbOrTx,
  accountId: string,
  missingMessage = 'This organization no longer exists.',
): Promise<Account> {
  const account = await lockAccountRow(tx, accountId);
  if (!account) throw new DomainError(missingMessage);
  return account;
}

export interface MembershipRefusals {
  /** When the account is a personal one (it has no members to change). */
  personal: string;
  /** When the user is not (or no longer) a member. */
  missing: string;
}

/**
 * A membership of an organization, read under the account's row lock. `locked` is the account
 * row when the caller already holds its lock in this transaction (the action core takes it
 * first): locking it again would be one more round trip for nothing.
 */
export async function lockedMembership(
  tx: DbOrTx,
  accountId: string,
  userId: string,
  refusals: MembershipRefusals,
  locked?: Account,
): Promise<Membership> {
  const account = locked?.id === accountId ? locked : await lockAccount(tx, accountId);
  if (account.kind !== 'organization') throw new DomainError(refusals.personal);
  const [membership] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  if (!membership) throw new DomainError(refusals.missing);
  return membership;
}
