import { z } from 'zod';
import type { AccountActionDefinition, AuditSpec } from '@/lib/actions/core';
import { DomainError } from '@/lib/errors';
import { changeMemberRole, removeMember, roleSchema } from '@/lib/members/members';

// Member actions of an organization, as data (all need 'members.manage': owners only).

const memberTarget = z.object({ userId: z.uuid({ error: 'Unknown member.' }) });
const changeRoleSchema = memberTarget.extend({ role: roleSchema });

/** The audit event of a change to one member (the user is the target). */
function memberAudit(
  action: 'member.role_changed' | 'member.removed',
  userId: string,
  metadata: Record<string, unknown>,
): AuditSpec {
  return { action, targetType: 'user', targetId: userId, metadata };
}

export const changeRoleDefinition = {
  schema: changeRoleSchema,
  permission: 'members.manage',
  async run({ userId, role }, { tx, access }) {
    const change = { accountId: access.account.id, actorRole: access.role, userId, role };
    const { before, after } = await changeMemberRole(tx, change);
    if (before === after) throw new DomainError('The member already has this role.');
    const audit = memberAudit('member.role_changed', userId, { before, after });
    return { message: 'Role changed.', audit };
  },
} satisfies AccountActionDefinition<typeof changeRoleSchema>;

export const removeMemberDefinition = {
  schema: memberTarget,
  permission: 'members.manage',
  async run({ userId }, { tx, access }) {
    const { role, email } = await removeMember(tx, { accountId: access.account.id, userId });
    const audit = memberAudit('member.removed', userId, { role, email });
    return { message: `${email} was removed from ${access.account.name}.`, audit };
  },
} satisfies AccountActionDefinition<typeof memberTarget>;
