import { z } from 'zod';
import type { Tx } from '@/db/client';
import type { Invitation } from '@/db/schema';
import type { AccountActionDefinition, AuditSpec } from '@/lib/actions/core';
import type { AccessContext } from '@/lib/authz/access';
import { sendInvitationEmail } from '@/lib/invitation-email';
import {
  createInvitations,
  type IssuedInvitation,
  inviteSchema,
  resendInvitation,
  revokeInvitation,
  roleSchema,
} from '@/lib/invitations';
import {
  revokedWithInviterAudits,
  revokeInvitationsSentBy,
} from '@/lib/invitations/revoke-with-inviter';
import { changeMemberRole, removeMember } from '@/lib/members';
import { DomainError } from '@/lib/organizations';
import { hitRateLimit, INVITATION_RATE_LIMITS } from '@/lib/rate-limit';

// Member and invitation actions of an organization (all need 'members.manage': owners only).

/** "in 5 minutes", "in 3 hours": when a refused request can be tried again. */
export function retryIn(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 120) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in ${Math.ceil(minutes / 60)} hours`;
}

/**
 * Counts `emails` invitation emails against the organization's and the inviter's daily
 * budgets (and a resend against its invitation's hourly one), or refuses the request. It runs
 * in the action's transaction: a refusal rolls back the request, its own counts included, so
 * only emails actually sent are counted, and a request is refused whenever its emails do not
 * all fit (count so far + emails > limit).
 */
async function spendInvitationEmails(
  tx: Tx,
  access: AccessContext,
  emails: number,
  resentInvitationId?: string,
): Promise<void> {
  const { emailsPerAccount, emailsPerInviter, resendsPerInvitation } = INVITATION_RATE_LIMITS;
  const budgets = [
    { rule: emailsPerAccount, subject: access.account.id, who: 'This organization can' },
    { rule: emailsPerInviter, subject: access.user.id, who: 'You can' },
  ];
  for (const { rule, subject, who } of budgets) {
    const hit = await hitRateLimit(tx, rule, subject, emails);
    if (hit.allowed) continue;
    const left = Math.max(0, rule.limit - (hit.count - emails));
    const now =
      left === 0
        ? 'none are left for now'
        : `only ${left} more ${left === 1 ? 'fits' : 'fit'} for now`;
    throw new DomainError(
      `${who} send at most ${rule.limit} invitation emails per 24 hours, and ${now}. Try again ${retryIn(hit.retryAfterSeconds)}.`,
      resentInvitationId ? undefined : 'emails',
    );
  }
  if (resentInvitationId) {
    const hit = await hitRateLimit(tx, resendsPerInvitation, resentInvitationId);
    if (!hit.allowed) {
      throw new DomainError(
        `An invitation can be resent at most ${resendsPerInvitation.limit} times per hour. Try again ${retryIn(hit.retryAfterSeconds)}.`,
      );
    }
  }
}

/** "2 pending invitations they sent were revoked." */
export function pendingRevokedText(count: number): string {
  return count === 1
    ? 'The pending invitation they sent was revoked.'
    : `The ${count} pending invitations they sent were revoked.`;
}

function invitationAudit(action: string, invitation: Invitation): AuditSpec {
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
): Promise<void> {
  await sendInvitationEmail({
    to: invitation.email,
    organizationName: access.account.name,
    role: invitation.role,
    inviterName: access.user.name,
    token,
  });
}

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
        for (const issuedInvitation of issued) await emailInvitation(access, issuedInvitation);
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
      afterCommit: () => emailInvitation(access, { invitation, token }),
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
    // An owner's invitations stand only while they are an owner.
    const revoked =
      before === 'owner' ? await revokeInvitationsSentBy(tx, access.account.id, input.userId) : [];
    return {
      message: revoked.length
        ? `Role changed. ${pendingRevokedText(revoked.length)}`
        : 'Role changed.',
      audit: [
        {
          action: 'member.role_changed',
          targetType: 'user',
          targetId: input.userId,
          metadata: { before, after },
        },
        ...revokedWithInviterAudits(revoked, 'inviter_demoted'),
      ],
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
    const revoked = await revokeInvitationsSentBy(tx, access.account.id, input.userId);
    const removed = `${email} was removed from ${access.account.name}.`;
    return {
      message: revoked.length ? `${removed} ${pendingRevokedText(revoked.length)}` : removed,
      audit: [
        {
          action: 'member.removed',
          targetType: 'user',
          targetId: input.userId,
          metadata: { role, email },
        },
        ...revokedWithInviterAudits(revoked, 'inviter_removed'),
      ],
    };
  },
} satisfies AccountActionDefinition<typeof memberTarget>;
