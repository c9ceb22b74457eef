import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { z } from 'zod';
import { memberRole, memberships, users, type Account, type MemberRole } from '@/db/schema';
import { lockedMembership } from '@/lib/accounts/lock';
import { countOwners } from '@/lib/accounts/organizations';
import { ConflictError, DomainError } from '@/lib/errors';
import { escapeLike } from '@/lib/validation';

// Domain: members (lib/members/). Owns memberships of an organization: the role schema,
// listing and search, role changes and removal under the account lock (never the last
// owner), and their actions (actions.ts). May import: db/, shared helpers, accounts/ (lock,
// owners), actions/core (types). Must not import invitations/ (invitations build on it).

/** A member's role as a form gives it (changing a role, inviting with a role). */
export const roleSchema = z.enum(memberRole.enumValues, {
  error: 'Choose a role: Owner, Tech or Admin.',
});

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  joinedAt: Date;
  lastActiveAt: Date | null;
}

export const MEMBERS_PAGE_SIZE = 50;
/** The longest member search kept (longer input is cut). */
export const MEMBER_SEARCH_MAX_LENGTH = 100;

/**
 * A member search as typed in the URL (`?q=`), made safe to query with: control characters
 * removed (C0, DEL and C1 — PostgreSQL refuses a NUL in text, so `?q=%00` must not reach it),
 * cut to MEMBER_SEARCH_MAX_LENGTH characters without splitting a surrogate pair, trimmed.
 */
export function sanitizeMemberSearch(raw: string): string {
  const cleaned = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return Array.from(cleaned).slice(0, MEMBER_SEARCH_MAX_LENGTH).join('').trim();
}

/**
 * One page of an account's members, by name, optionally filtered by a search on name or
 * email. Both queries lead with account_id (memberships' primary key).
 */
export async function listMembers(
  db: DbOrTx,
  accountId: string,
  options: { query?: string; page?: number; pageSize?: number } = {},
): Promise<{ members: MemberRow[]; total: number }> {
  const pageSize = options.pageSize ?? MEMBERS_PAGE_SIZE;
  const page = Math.max(1, Math.floor(options.page ?? 1));
  // Every caller gets the sanitised search, whatever it passes.
  const q = options.query === undefined ? '' : sanitizeMemberSearch(options.query);
  const matches = q
    ? or(ilike(users.name, `%${escapeLike(q)}%`), ilike(users.email, `%${escapeLike(q)}%`))
    : undefined;
  const where = and(eq(memberships.accountId, accountId), matches);
  // The total is a scalar subquery, computed once beside the page (one round trip). Not a
  // window count: `count(*) over ()` makes PostgreSQL materialise and fully sort every member
  // for each page, where the page alone needs only a top-N sort. Without a search the count
  // reads memberships only (its primary key leads with account_id).
  const total = matches
    ? sql<number>`(select count(*) from ${memberships} m join ${users} u on u.id = m.user_id
        where m.account_id = ${accountId} and (u.name ilike ${`%${escapeLike(q)}%`}
          or u.email ilike ${`%${escapeLike(q)}%`}))`
    : sql<number>`(select count(*) from ${memberships} m where m.account_id = ${accountId})`;
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      lastActiveAt: memberships.lastActiveAt,
      total: total.mapWith(Number),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  if (rows.length === 0 && page > 1) {
    // Past the last page: the total had no row to ride on.
    const [count] = await db.select({ n: total.mapWith(Number) }).from(sql`(select 1) as one`);
    return { members: [], total: count?.n ?? 0 };
  }
  const members = rows.map(({ total: _total, ...member }) => member);
  return { members, total: rows[0]?.total ?? 0 };
}

export const LAST_OWNER_CHANGE_MESSAGE =
  'An organization needs at least one owner. Make another member an owner first.';

/** How membership changes refuse a personal account or a member who is already gone. */
const MEMBER_REFUSALS = {
  personal: 'A personal account has no members to manage.',
  missing: 'This person is no longer a member.',
};

/**
 * Changes a member's role under the account lock, so concurrent demotions can never leave
 * the organization without an owner. Granting owner is for owners only.
 */
export async function changeMemberRole(
  tx: DbOrTx,
  input: {
    accountId: string;
    actorRole: MemberRole;
    userId: string;
    role: MemberRole;
    /** The account row, when the caller already locked it in `tx`. */
    lockedAccount?: Account;
  },
): Promise<{ before: MemberRole; after: MemberRole }> {
  if (input.role === 'owner' && input.actorRole !== 'owner') {
    throw new DomainError('Only an owner can make someone an owner.');
  }
  const membership = await lockedMembership(
    tx,
    input.accountId,
    input.userId,
    MEMBER_REFUSALS,
    input.lockedAccount,
  );
  if (membership.role === input.role) return { before: membership.role, after: input.role };
  if (membership.role === 'owner' && (await countOwners(tx, input.accountId)) <= 1) {
    throw new ConflictError(LAST_OWNER_CHANGE_MESSAGE);
  }
  await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.userId)));
  return { before: membership.role, after: input.role };
}

/** Removes a member (their rights end with their next request); never the last owner. */
export async function removeMember(
  tx: DbOrTx,
  input: { accountId: string; userId: string },
): Promise<{ role: MemberRole; email: string }> {
  const membership = await lockedMembership(tx, input.accountId, input.userId, MEMBER_REFUSALS);
  if (membership.role === 'owner' && (await countOwners(tx, input.accountId)) <= 1) {
    throw new ConflictError(LAST_OWNER_CHANGE_MESSAGE);
  }
  await tx
    .delete(memberships)
    .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.userId)));
  const [user] = await tx
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, input.userId));
  return { role: membership.role, email: user?.email ?? '' };
}

/**
 * Adds members to an organization in one statement; someone already a member keeps their
 * role. Adding cannot take away an owner, so no account lock is needed. Set-up only (the demo
 * seed, tests): in the product people join by accepting an invitation.
 */
export async function addMembers(
  tx: DbOrTx,
  accountId: string,
  members: Array<{ userId: string; role: MemberRole }>,
): Promise<void> {
  if (!members.length) return;
  await tx
    .insert(memberships)
    .values(members.map((member) => ({ accountId, ...member })))
    .onConflictDoNothing();
}

const TOUCH_EVERY_MS = 5 * 60_000;

/**
 * Whether a page view should record activity: the access query already read the last one, so
 * a recent one costs no round trip at all (touchMembership keeps its own guard for races).
 */
export function touchDue(lastActiveAt: Date | null, now = Date.now()): boolean {
  return lastActiveAt === null || now - lastActiveAt.getTime() >= TOUCH_EVERY_MS;
}

/** Records that the member used the account, at most once every five minutes. */
export async function touchMembership(db: DbOrTx, accountId: string, userId: string) {
  await db
    .update(memberships)
    .set({ lastActiveAt: sql`now()` })
    .where(
      and(
        eq(memberships.accountId, accountId),
        eq(memberships.userId, userId),
        sql`(${memberships.lastActiveAt} is null or ${memberships.lastActiveAt} < now() - interval '5 minutes')`,
      ),
    );
}
