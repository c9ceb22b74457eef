import { InvitationLink } from '@/components/invitations/invitation-link';
import { openInvitationAction } from '../invitations/actions';

export const metadata = { title: 'Invitation' };

export default function InvitationLinkPage() {
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Invitation</h1>
      <InvitationLink openInvitation={openInvitationAction} />
    </>
  );
}
