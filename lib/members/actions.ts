import { z } from 'zod';
import type { AccountActionDefinition, AuditSpec } from '@/lib/actions/core';
import {
  pendingRevokedText,
  revokedWithInviterAudits,
  revokeInvitationsSentBy,
} from '@/lib/accounts/sent-invitations';
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
    // The action core read the account under its row lock: no second lock.
    const change = {
      accountId: access.account.id,
      actorRole: access.role,
      userId,
      role,
      lockedAccount: access.account,
    };
    const { before, after } = await changeMemberRole(tx, change);
    if (before === after) throw new DomainError('The member already has this role.');
    // An owner's invitations stand only while they are an owner.
    const revoked =
      before === 'owner' ? await revokeInvitationsSentBy(tx, access.account.id, userId) : [];
    return {
      message: revoked.length
        ? `Role changed. ${pendingRevokedText(revoked.length)}`
        : 'Role changed.',
      audit: [
        memberAudit('member.role_changed', userId, { before, after }),
        ...revokedWithInviterAudits(revoked, 'inviter_demoted'),
      ],
    };
  },
} satisfies AccountActionDefinition<typeof changeRoleSchema>;

export const removeMemberDefinition = {
  schema: memberTarget,
  permission: 'members.manage',
  async run({ userId }, { tx, access }) {
    const { role, email } = await removeMember(tx, { accountId: access.account.id, userId });
    const revoked = await revokeInvitationsSentBy(tx, access.account.id, userId);
    const removed = `${email} was removed from ${access.account.name}.`;
    return {
      message: revoked.length ? `${removed} ${pendingRevokedText(revoked.length)}` : removed,
      audit: [
        memberAudit('member.removed', userId, { role, email }),
        ...revokedWithInviterAudits(revoked, 'inviter_removed'),
      ],
    };
  },
} satisfies AccountActionDefinition<typeof memberTarget>;
