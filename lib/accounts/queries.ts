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

/** Every account the user belongs to, personal first: one indexed query for the menu. */
export async function listUserAccounts(db: DbOrTx, userId: string): Promise<AccountChoice[]> {
  return db
    .select({
      id: accounts.id,
      name: accounts.name,
      kind: accounts.kind,
      status: accounts.status,
      role: memberships.role,
      balance: accounts.balance,
      currency: accounts.currency,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${accounts.kind} = 'personal' desc`, asc(accounts.name), asc(accounts.id));
}

/** "Personal Account" for the personal account, the organization's name otherwise. */
export function accountLabel(account: Pick<Account, 'kind' | 'name'>): string {
  return account.kind === 'personal' ? 'Personal Account' : account.name;
}
