import { z } from 'zod';
import type { Invitation } from '@/db/schema';
import type { AccountActionDefinition, AuditSpec } from '@/lib/actions/core';
import type { AuditAction } from '@/lib/audit/labels';
import type { AccessContext } from '@/lib/authz/access';
import { sendInvitationEmail } from '@/lib/invitations/email';
import {
  createInvitations,
  type IssuedInvitation,
  inviteSchema,
  resendInvitation,
  revokeInvitation,
} from '@/lib/invitations/issue';
import { spendInvitationEmails } from '@/lib/invitations/limits';

// Invitation actions of an organization, as data (all need 'members.manage': owners only).

function invitationAudit(action: AuditAction, invitation: Invitation): AuditSpec {
  return {
    action,
    targetType: 'invitation',
    targetId: invitation.id,
    metadata: { email: invitation.email, role: invitation.role },
  };
}

async function emailInvitation(
  access: AccessContext,
  { invitation, token }: IssuedInvitation,
): Promise<boolean> {
  const sent = await sendInvitationEmail({
    to: invitation.email,
    organizationName: access.account.name,
    role: invitation.role,
    inviterName: access.user.name,
    token,
  });
  return sent.status === 'queued';
}

/** The answer when the email provider failed: the invitations stand, their emails wait. */
const queuedMessage = (emails: string[]) =>
  `${emails.length === 1 ? `Invitation to ${emails[0]} recorded` : `${emails.length} invitations recorded`}. ` +
  'Our email provider did not accept the email just now: it is queued and will be sent automatically.';

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
    await spendInvitationEmails(tx, access, issued.length);
    const emails = issued.map((i) => i.invitation.email);
    return {
      message:
        emails.length === 1
          ? `Invitation sent to ${emails[0]}.`
          : `${emails.length} invitations sent.`,
      audit: issued.map(({ invitation }) => invitationAudit('invitation.created', invitation)),
      afterCommit: async () => {
        let queued = false;
        for (const issuedInvitation of issued) {
          queued = (await emailInvitation(access, issuedInvitation)) || queued;
        }
        if (queued) return { message: queuedMessage(emails) };
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
    await spendInvitationEmails(tx, access, 1, invitation.id);
    return {
      message: `A new invitation link was sent to ${invitation.email}; the previous link no longer works.`,
      audit: invitationAudit('invitation.resent', invitation),
      afterCommit: async () => {
        if (await emailInvitation(access, { invitation, token })) {
          return { message: queuedMessage([invitation.email]) };
        }
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
      audit: invitationAudit('invitation.revoked', invitation),
    };
  },
} satisfies AccountActionDefinition<typeof invitationTarget>;
