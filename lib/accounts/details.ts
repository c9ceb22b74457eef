import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, type Account } from '@/db/schema';
import { ACCOUNT_DETAIL_FIELDS, type AccountDetails } from '@/lib/accounts/schemas';
import { lockAccount } from '@/lib/accounts/lock';
import { DomainError } from '@/lib/errors';

/** The allowlisted detail columns of a parsed form, and nothing else (never status, balance). */
export function detailValues(details: AccountDetails) {
  const values: Partial<Record<(typeof ACCOUNT_DETAIL_FIELDS)[number], string>> = {};
  for (const field of ACCOUNT_DETAIL_FIELDS) values[field] = details[field];
  return values as Record<(typeof ACCOUNT_DETAIL_FIELDS)[number], string>;
}

/** Writes only the allowlisted detail columns; returns the row before and after. */
export async function updateAccountDetails(
  tx: DbOrTx,
  accountId: string,
  details: AccountDetails,
): Promise<{ before: Account; after: Account }> {
  const before = await lockAccount(tx, accountId, 'This account no longer exists.');
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
