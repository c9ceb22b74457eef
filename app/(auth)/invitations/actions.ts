'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { failure, type FormState } from '@/lib/forms';
import { findInvitationByToken } from '@/lib/invitations/queries';
import { respondAndRecord } from '@/lib/invitations/respond';
import { DomainError } from '@/lib/errors';
import { getClientIp } from '@/lib/http/request';
import { getCurrentUser } from '@/lib/auth/session';
import { tokenSchema } from '@/lib/validation';

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
export async function respondToInvitationAction(
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const parsed = responseSchema.safeParse({
    invitationId: form.get('invitationId'),
    response: form.get('response'),
  });
  if (!parsed.success) return failure('This invitation does not exist.');
  const { invitationId, response } = parsed.data;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${invitationId}`)}`);
  const ip = await getClientIp();
  let accountId: string;
  try {
    ({ accountId } = await respondAndRecord(await getDb(), { invitationId, user, response, ip }));
  } catch (error) {
    if (error instanceof DomainError) return failure(error.message);
    throw error;
  }
  if (response === 'accepted') redirect(`/a/${accountId}`);
  return { status: 'success', message: 'Invitation declined.' };
}
