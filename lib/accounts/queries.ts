import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, memberships, type Account, type MemberRole } from '@/db/schema';

export interface AccountChoice {
  id: string;
  name: string;
  kind: Account['kind'];
  status: Account['status'];
  role: MemberRole;
  balance: number;
  currency: string;
}

/** The columns of an AccountChoice, read from memberships joined to accounts. */
export const accountChoiceColumns = {
  id: accounts.id,
  name: accounts.name,
  kind: accounts.kind,
  status: accounts.status,
  role: memberships.role,
  balance: accounts.balance,
  currency: accounts.currency,
};

/** The order of a user's accounts everywhere: personal first, then by name. */
export const accountChoiceOrder = [
  sql`${accounts.kind} = 'personal' desc`,
  asc(accounts.name),
  asc(accounts.id),
];

/** Every account the user belongs to, personal first: one indexed query for the menu. */
export async function listUserAccounts(db: DbOrTx, userId: string): Promise<AccountChoice[]> {
  return db
    .select(accountChoiceColumns)
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(...accountChoiceOrder);
}

/** "Personal Account" for the personal account, the organization's name otherwise. */
export function accountLabel(account: Pick<Account, 'kind' | 'name'>): string {
  return account.kind === 'personal' ? 'Personal Account' : account.name;
}
