import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { RespondButtons } from '@/components/invitations/respond-buttons';
import { isUuid } from '@/lib/validation';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { findInvitationById } from '@/lib/invitations/queries';
import { REFUSAL_MESSAGES, refusalFor } from '@/lib/invitations/respond';
import { getCurrentUser } from '@/lib/auth/session';
import { respondToInvitationAction } from '../actions';
import { formatIsoDay } from '@/lib/dates';

export const metadata = { title: 'Invitation' };

export default async function InvitationPage({
  params,
}: {
  params: Promise<{ invitationId: string }>;
}) {
  const { invitationId } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${invitationId}`)}`);
  const invitation = isUuid(invitationId)
    ? await findInvitationById(await getDb(), invitationId)
    : null;
  const refusal = refusalFor(invitation, user.email);

  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Invitation</h1>
      {refusal || !invitation ? (
        <div className="space-y-4 text-sm">
          <p
            role="alert"
            data-testid="invitation-refused"
            className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
          >
            {REFUSAL_MESSAGES[refusal ?? 'not_found']}
          </p>
          <p className="text-slate-600">
            Signed in as {user.email}.{' '}
            <Link href="/" className="link">
              Go to your console
            </Link>
          </p>
        </div>
      ) : (
        <div className="space-y-5">
          <p className="text-sm text-slate-700" data-testid="invitation-summary">
            {invitation.inviterName ?? 'An owner'} invited you to join{' '}
            <strong>{invitation.organizationName}</strong> as{' '}
            <strong>{ROLE_LABELS[invitation.role]}</strong>.
          </p>
          <RespondButtons invitationId={invitation.id} action={respondToInvitationAction} />
          <p className="text-xs text-slate-500">
            Expires {formatIsoDay(invitation.expiresAt)}. Signed in as {user.email}.
          </p>
        </div>
      )}
    </>
  );
}
