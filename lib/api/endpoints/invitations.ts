import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { invitations } from '@/db/schema';
import { inviteMembersDefinition, revokeInvitationDefinition } from '@/lib/invitations/actions';
import { MAX_INVITES_PER_REQUEST } from '@/lib/invitations/issue';
import { roleSchema } from '@/lib/members/members';
import { normalizeEmail } from '@/lib/validation';
import { runAction } from '../actions';
import { defineEndpoint } from '../endpoint';
import { ApiError, MESSAGES } from '../errors';
import { created, noContent } from '../route';
import { roleSchemaOut, timestampSchema } from '../schemas';

// Invitations to the organization (owners only): issue them (emails go out as from the
// console) and revoke a pending one. The link's token is never returned.

export const invitationSchema = z
  .strictObject({
    id: z.uuid(),
    email: z.string(),
    role: roleSchemaOut,
    status: z.enum(['pending', 'accepted', 'declined', 'revoked']),
    expiresAt: timestampSchema,
    createdAt: timestampSchema,
  })
  .meta({ id: 'Invitation' });

const inviteBody = z.strictObject({
  emails: z
    .array(z.string().max(254))
    .min(1, 'Enter at least one email address.')
    .max(MAX_INVITES_PER_REQUEST, `Invite at most ${MAX_INVITES_PER_REQUEST} addresses at once.`),
  role: roleSchema,
});

export const createInvitationsEndpoint = defineEndpoint(
  {
    method: 'POST',
    path: '/invitations',
    tag: 'Members',
    summary: 'Invite people',
    description: 'Owners only. Each address gets an email with a link valid for 7 days.',
    permission: 'members.manage',
    body: inviteBody,
    idempotent: 'optional',
    success: {
      status: 201,
      description: 'The invitations sent.',
      schema: z.strictObject({ data: z.array(invitationSchema) }),
    },
    errors: [422],
  },
  async ({ access, principal, ip, body }) => {
    const accountId = access.account.id;
    await runAction(
      inviteMembersDefinition,
      { principal, accountId, ip },
      {
        emails: body.emails.join(','),
        role: body.role,
      },
    );
    const rows = await (
      await getDb()
    )
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.accountId, accountId),
          eq(invitations.status, 'pending'),
          inArray(invitations.email, body.emails.map(normalizeEmail)),
        ),
      );
    return created({
      data: rows.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        status: i.status,
        expiresAt: i.expiresAt.toISOString(),
        createdAt: i.createdAt.toISOString(),
      })),
    });
  },
);

export const revokeInvitationEndpoint = defineEndpoint(
  {
    method: 'DELETE',
    path: '/invitations/{invitationId}',
    tag: 'Members',
    summary: 'Revoke an invitation',
    description: 'Owners only. The link stops working at once.',
    permission: 'members.manage',
    params: z.object({ invitationId: z.uuid() }),
    idempotent: 'optional',
    success: { status: 204, description: 'Revoked.' },
    errors: [404, 422],
  },
  async ({ access, principal, ip, params }) => {
    const accountId = access.account.id;
    const [invitation] = await (
      await getDb()
    )
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.accountId, accountId), eq(invitations.id, params.invitationId!)));
    if (!invitation) throw new ApiError('not_found', MESSAGES.not_found);
    await runAction(
      revokeInvitationDefinition,
      { principal, accountId, ip },
      {
        invitationId: params.invitationId,
      },
    );
    return noContent();
  },
);
