import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type DbOrTx } from '@/db/client';
import { memberships, users } from '@/db/schema';
import { changeRoleDefinition, removeMemberDefinition } from '@/lib/members/actions';
import { roleSchema } from '@/lib/members/members';
import { runAction } from '../actions';
import { defineEndpoint } from '../endpoint';
import { ApiError, MESSAGES } from '../errors';
import { decodeCursor, encodeCursor, page, pageQuerySchema } from '../pagination';
import { noContent, ok } from '../route';
import { pageOf, roleSchemaOut, timestampSchema } from '../schemas';

// The account's members (every role may list them) and the owner's changes to them.

export const memberSchema = z
  .strictObject({
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: roleSchemaOut,
    joinedAt: timestampSchema,
  })
  .meta({ id: 'Member' });

const memberColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};

type MemberRow = {
  userId: string;
  name: string;
  email: string;
  role: 'owner' | 'tech' | 'admin';
  joinedAt: Date;
};

const present = (m: MemberRow): z.output<typeof memberSchema> => ({
  ...m,
  joinedAt: m.joinedAt.toISOString(),
});

const memberCursor = z.tuple([z.string(), z.uuid()]);

/** Members by (name, id): a keyset over the account's memberships (primary key leads with it). */
async function membersAfter(
  db: DbOrTx,
  accountId: string,
  after: [string, string] | null,
  take: number,
) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.accountId, accountId),
        after ? sql`(${users.name}, ${users.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(take);
}

async function findMember(db: DbOrTx, accountId: string, userId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  if (!row) throw new ApiError('not_found', MESSAGES.not_found);
  return row;
}

export const listMembersEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/members',
    tag: 'Members',
    summary: 'List members',
    description: 'Everyone with access to the account, by name.',
    permission: 'members.view',
    query: pageQuerySchema,
    success: { status: 200, description: 'One page of members.', schema: pageOf(memberSchema) },
  },
  async ({ access, query }) => {
    const after = query.cursor ? decodeCursor(query.cursor, memberCursor) : null;
    const rows = await membersAfter(await getDb(), access.account.id, after, query.limit + 1);
    return ok(page(rows, query.limit, (m) => encodeCursor([m.name, m.userId]), present));
  },
);

const memberParams = z.object({ userId: z.uuid() });

export const changeMemberRoleEndpoint = defineEndpoint(
  {
    method: 'PATCH',
    path: '/members/{userId}',
    tag: 'Members',
    summary: 'Change a member’s role',
    description: 'Owners only. Only an owner can grant owner; the last owner cannot be demoted.',
    permission: 'members.manage',
    params: memberParams,
    body: z.strictObject({ role: roleSchema }),
    idempotent: 'optional',
    success: { status: 200, description: 'The member with the new role.', schema: memberSchema },
    errors: [404, 422],
  },
  async ({ access, principal, ip, params, body }) => {
    const db = await getDb();
    const accountId = access.account.id;
    await findMember(db, accountId, params.userId!);
    await runAction(
      changeRoleDefinition,
      { principal, accountId, ip },
      {
        userId: params.userId,
        role: body.role,
      },
    );
    return ok(present(await findMember(db, accountId, params.userId!)));
  },
);

export const removeMemberEndpoint = defineEndpoint(
  {
    method: 'DELETE',
    path: '/members/{userId}',
    tag: 'Members',
    summary: 'Remove a member',
    description: 'Owners only. The member’s API key dies with the membership.',
    permission: 'members.manage',
    params: memberParams,
    idempotent: 'optional',
    success: { status: 204, description: 'Removed.' },
    errors: [404, 422],
  },
  async ({ access, principal, ip, params }) => {
    const accountId = access.account.id;
    await findMember(await getDb(), accountId, params.userId!);
    await runAction(
      removeMemberDefinition,
      { principal, accountId, ip },
      { userId: params.userId },
    );
    return noContent();
  },
);
