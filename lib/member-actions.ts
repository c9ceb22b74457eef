import { z } from 'zod';
import type { AccountActionDefinition } from '@/lib/actions/core';
import { sendInvitationEmail } from '@/lib/invitation-email';
import {
  createInvitations,
  inviteSchema,
  resendInvitation,
  revokeInvitation,
  roleSchema,
} from '@/lib/invitations';
import { changeMemberRole, removeMember } from '@/lib/members';
import { DomainError } from '@/lib/organizations';

// Member and invitation actions of an organization (all need 'members.manage': owners only).

export const inviteMembersDefinition = {
  schema: inviteSchema,
  permission: 'members.manage',
  async run(input, { tx, access }) {
    const issued = await createInvitations(tx, {
      accountId: access.account.id,
      invitedByUserId: access.user.id,
      role: input.role,
      emails: input.emails,
    });
    const emails = issued.map((i) => i.invitation.email);
    return {
      message:
        emails.length === 1
          ? `Invitation sent to ${emails[0]}.`
          : `${emails.length} invitations sent.`,
      audit: issued.map(({ invitation }) => ({
        action: 'invitation.created',
        targetType: 'invitation',
        targetId: invitation.id,
        metadata: { email: invitation.email, role: invitation.role },
      })),
      afterCommit: async () => {
        for (const { invitation, token } of issued) {
          await sendInvitationEmail({
            to: invitation.email,
            organizationName: access.account.name,
            role: invitation.role,
            inviterName: access.user.name,
            token,
          });
        }
      },
    };
  },
} satisfies AccountActionDefinition<typeof inviteSchema>;

const invitationTarget = z.object({ invitationId: z.uuid({ error: 'Unknown invitation.' }) });

export const resendInvitationDefinition = {
  schema: invitationTarget,
  permission: 'members.manage',
  async run(input, { tx, access }) {
    const { invitation, token } = await resendInvitation(tx, access.account.id, input.invitationId);
    return {
      message: `A new invitation link was sent to ${invitation.email}; the previous link no longer works.`,
      audit: {
        action: 'invitation.resent',
        targetType: 'invitation',
        targetId: invitation.id,
        metadata: { email: invitation.email, role: invitation.role },
      },
      afterCommit: async () => {
        await sendInvitationEmail({
          to: invitation.email,
          organizationName: access.account.name,
          role: invitation.role,
          inviterName: access.user.name,
          token,
        });
      },
    };
  },
} satisfies AccountActionDefinition<typeof invitationTarget>;

export const revokeInvitationDefinition = {
  schema: invitationTarget,
  permission: 'members.manage',
  async run(input, { tx, access }) {
    const invitation = await revokeInvitation(tx, access.account.id, input.invitationId);
    return {
      message: `The invitation to ${invitation.email} was revoked.`,
      audit: {
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: invitation.id,
        metadata: { email: invitation.email, role: invitation.role },
      },
    };
  },
} satisfies AccountActionDefinition<typeof invitationTarget>;

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
