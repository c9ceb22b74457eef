import { z } from 'zod';
import type { AccountActionDefinition } from '@/lib/actions/core';
import { accountDetailsSchema, ACCOUNT_DETAIL_FIELDS } from '@/lib/accounts/schemas';
import { updateAccountDetails } from '@/lib/accounts/details';
import { createOrganization, leaveOrganization } from '@/lib/accounts/organizations';
import { revokedWithInviterAudits, revokeInvitationsSentBy } from '@/lib/accounts/sent-invitations';
import { COSTLY_ACTION_LIMITS, enforceLimits } from '@/lib/security/throttle';

// The account actions of the console, as data: each names its schema and its permission, and
// runs inside the one wrapper (lib/actions). Pages bind them as server actions; tests run them
// through executeAccountAction directly.

export const createOrganizationDefinition = {
  schema: accountDetailsSchema,
  permission: 'organization.create',
  async run(input, { tx, access }) {
    await enforceLimits(tx, 'new organizations', [
      [COSTLY_ACTION_LIMITS.organizationPerUser, access.user.id],
    ]);
    const organization = await createOrganization(tx, access.user.id, input);
    return {
      message: `${organization.name} is ready. It is suspended until its first payment.`,
      audit: {
        accountId: organization.id,
        action: 'organization.created',
        targetType: 'account',
        targetId: organization.id,
        metadata: { name: organization.name, fromAccountId: access.account.id },
      },
    };
  },
} satisfies AccountActionDefinition<typeof accountDetailsSchema>;

export const updateAccountDetailsDefinition = {
  schema: accountDetailsSchema,
  permission: 'account.edit',
  async run(input, { tx, access }) {
    const { before, after } = await updateAccountDetails(tx, access.account.id, input);
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of ACCOUNT_DETAIL_FIELDS) {
      if (before[field] !== after[field])
        changes[field] = { before: before[field], after: after[field] };
    }
    return {
      message: Object.keys(changes).length ? 'Details saved.' : 'Nothing changed.',
      audit: {
        action: 'account.details_updated',
        targetType: 'account',
        targetId: access.account.id,
        metadata: { changes },
      },
    };
  },
} satisfies AccountActionDefinition<typeof accountDetailsSchema>;

const noInput = z.object({});

export const leaveOrganizationDefinition = {
  schema: noInput,
  permission: 'organization.leave',
  async run(_input, { tx, access }) {
    const { role } = await leaveOrganization(tx, access.account.id, access.user.id);
    // Invitations stand only while their sender is an owner of the organization.
    const revoked = await revokeInvitationsSentBy(tx, access.account.id, access.user.id);
    return {
      message: `You left ${access.account.name}.`,
      audit: [
        {
          action: 'member.left',
          targetType: 'user',
          targetId: access.user.id,
          metadata: { role },
        },
        ...revokedWithInviterAudits(revoked, 'inviter_left'),
      ],
    };
  },
} satisfies AccountActionDefinition<typeof noInput>;
