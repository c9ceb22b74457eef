import { z } from 'zod';
import type { AccountActionDefinition } from '@/lib/actions/core';
import { DomainError } from '@/lib/errors';
import { changeMemberRole, removeMember, roleSchema } from '@/lib/members/members';

// Member actions of an organization, as data (all need 'members.manage': owners only).

const changeRoleSchema = z.object({
  userId: z.uuid({ error: 'Unknown member.' }),
  role: roleSchema,
});

export const changeRoleDefinition = {
  schema: changeRoleSchema,
  permission: 'members.manage',
  async run(input, { tx, access }) {
    const { before, after } = await changeMemberRole(tx, {
      accountId: access.account.id,
      actorRole: access.role,
      userId: input.userId,
      role: input.role,
    });
    if (before === after) throw new DomainError('The member already has this role.');
    return {
      message: 'Role changed.',
      audit: {
        action: 'member.role_changed',
        targetType: 'user',
        targetId: input.userId,
        metadata: { before, after },
      },
    };
  },
} satisfies AccountActionDefinition<typeof changeRoleSchema>;

const memberTarget = z.object({ userId: z.uuid({ error: 'Unknown member.' }) });

export const removeMemberDefinition = {
  schema: memberTarget,
  permission: 'members.manage',
  async run(input, { tx, access }) {
    const { role, email } = await removeMember(tx, {
      accountId: access.account.id,
      userId: input.userId,
    });
    return {
      message: `${email} was removed from ${access.account.name}.`,
      audit: {
        action: 'member.removed',
        targetType: 'user',
        targetId: input.userId,
        metadata: { role, email },
      },
    };
  },
} satisfies AccountActionDefinition<typeof memberTarget>;
