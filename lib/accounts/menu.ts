import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { accounts, memberships } from '@/db/schema';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import {
  accountChoiceColumns,
  accountChoiceOrder,
  accountLabel,
  type AccountChoice,
} from './queries';
import { escapeLike } from '@/lib/validation';

// The account menu is on every console page. A user in hundreds of organizations must not
// ship them all with each page (it was 60+ KB of every response at 500): the page carries the
// first MENU_ACCOUNTS and the menu searches the rest on the server as the user types.

/** How many accounts every page carries in its menu. */
export const MENU_ACCOUNTS = 20;
/** The longest menu search kept (longer input is cut, as typed text is). */
export const MENU_SEARCH_MAX_LENGTH = 100;

/** `?q=` of the menu search: control characters removed, cut, trimmed; absent means ''. */
export const menuSearchSchema = z.object({
  q: z
    .string()
    .optional()
    .transform((raw) =>
      Array.from((raw ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ''))
        .slice(0, MENU_SEARCH_MAX_LENGTH)
        .join('')
        .trim(),
    ),
});

/** An account as the menu shows it (what pages and the menu search send to the browser). */
export interface MenuAccount {
  id: string;
  label: string;
  roleLabel: string;
  status: 'active' | 'suspended';
}

export function menuEntry(choice: AccountChoice): MenuAccount {
  return {
    id: choice.id,
    label: accountLabel(choice),
    roleLabel: ROLE_LABELS[choice.role],
    status: choice.status,
  };
}

/** The label the menu shows (see accountLabel), as SQL: what a search matches. */
const labelOf = (kind: SQL, name: SQL) =>
  sql`(case when ${kind} = 'personal' then 'Personal Account' else ${name} end)`;

/**
 * The first `limit` accounts of the user whose label contains `query` (all when empty),
 * personal first, then by name, and how many match in all — in one round trip (the count is
 * a scalar subquery beside the page).
 */
export async function searchUserAccounts(
  db: DbOrTx,
  userId: string,
  options: { query?: string; limit?: number } = {},
): Promise<{ accounts: AccountChoice[]; total: number }> {
  const query = options.query ?? '';
  const pattern = `%${escapeLike(query)}%`;
  const matches = query
    ? sql`${labelOf(sql`${accounts.kind}`, sql`${accounts.name}`)} ilike ${pattern}`
    : undefined;
  // Without a search the count reads memberships_user_idx alone.
  const total = query
    ? sql<number>`(select count(*) from ${memberships} m
        join ${accounts} a on a.id = m.account_id
        where m.user_id = ${userId} and ${labelOf(sql`a.kind`, sql`a.name`)} ilike ${pattern})`
    : sql<number>`(select count(*) from ${memberships} m where m.user_id = ${userId})`;
  const rows = await db
    .select({ ...accountChoiceColumns, total: total.mapWith(Number) })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.userId, userId), matches))
    .orderBy(...accountChoiceOrder)
    .limit(options.limit ?? MENU_ACCOUNTS);
  return {
    accounts: rows.map(({ total: _total, ...account }) => account),
    total: rows[0]?.total ?? 0,
  };
}
