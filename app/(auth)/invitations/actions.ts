'use server';

import { z } from 'zod';
import { getDb } from '@/db/client';
import { userAction } from '@/lib/actions';
import { findInvitationByToken } from '@/lib/invitations/queries';
import { respondAndRecord } from '@/lib/invitations/respond';
import { getCurrentUser } from '@/lib/auth/session';
import { isUuid, tokenSchema } from '@/lib/validation';

export type OpenedInvitation =
  | { status: 'invalid' }
  | {
      status: 'ok';
      id: string;
      organizationName: string;
      role: string;
      inviterName: string | null;
      email: string;
      expired: boolean;
      pending: boolean;
      signedIn: boolean;
    };

/** Resolves the token from an invitation link (read by the page from the URL fragment). */
export async function openInvitationAction(token: unknown): Promise<OpenedInvitation> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return { status: 'invalid' };
  const invitation = await findInvitationByToken(await getDb(), parsed.data);
  if (!invitation) return { status: 'invalid' };
  return {
    status: 'ok',
    id: invitation.id,
    organizationName: invitation.organizationName,
    role: invitation.role,
    inviterName: invitation.inviterName,
    email: invitation.email,
    expired: invitation.expiresAt.getTime() <= Date.now(),
    pending: invitation.status === 'pending',
    signedIn: Boolean(await getCurrentUser()),
  };
}

const responseSchema = z.object({
  invitationId: z.uuid(),
  response: z.enum(['accepted', 'declined']),
});

/** Accept or decline: the signed-in user's verified email must be the invited one. */
export const respondToInvitationAction = userAction(
  responseSchema,
  async ({ invitationId, response }, { user, ip }) => {
    const { accountId } = await respondAndRecord(await getDb(), {
      invitationId,
      user,
      response,
      ip,
    });
    return response === 'accepted'
      ? { message: 'Invitation accepted.', redirectTo: `/a/${accountId}` }
      : { message: 'Invitation declined.' };
  },
  {
    // Back to this invitation after signing in.
    signIn: (form) => {
      const id = String(form.get('invitationId') ?? '');
      return isUuid(id)
        ? `/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${id}`)}`
        : '/sign-in';
    },
    invalidMessage: 'This invitation does not exist.',
  },
);
