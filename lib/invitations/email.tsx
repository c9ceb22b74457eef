import type { MemberRole } from '@/db/schema';
import { appUrl } from '@/lib/http/app-url';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { sendEmail } from '@/lib/email';
import { ActionLink, Layout, styles } from '@/lib/email/templates';
import { inertText } from '@/lib/security/display-name';

export const INVITATION_SUBJECT = 'You are invited to an organization on Alpenglow';

export function invitationUrl(token: string): string {
  // The token rides in the fragment: browsers never send it to a server, so it cannot end up
  // in access logs or Referer headers.
  return appUrl(`/invitation#${token}`);
}

export function InvitationEmail({
  organizationName,
  role,
  inviterName,
  url,
}: {
  organizationName: string;
  role: MemberRole;
  inviterName: string;
  url: string;
}) {
  // Names are chosen by whoever created the organization or the inviting user: never in the
  // subject or title, and inert in the body (no autolinked "Pay at evil.example").
  const title = INVITATION_SUBJECT;
  return (
    <Layout title={title}>
      <h1 style={styles.heading}>You are invited to an organization</h1>
      <p style={styles.paragraph}>
        {inertText(inviterName)} invited you to join the organization{' '}
        <strong>{inertText(organizationName)}</strong> on Alpenglow as{' '}
        <strong>{ROLE_LABELS[role]}</strong>.
      </p>
      <ActionLink url={url} label="View the invitation" />
      <p style={styles.small}>
        The invitation expires in 7 days. If you do not have an Alpenglow account yet, you can
        create one with this email address. If you were not expecting this, ignore this email.
      </p>
    </Layout>
  );
}

export function sendInvitationEmail(input: {
  to: string;
  organizationName: string;
  role: MemberRole;
  inviterName: string;
  token: string;
}) {
  return sendEmail({
    to: input.to,
    subject: INVITATION_SUBJECT,
    body: (
      <InvitationEmail
        organizationName={input.organizationName}
        role={input.role}
        inviterName={input.inviterName}
        url={invitationUrl(input.token)}
      />
    ),
  });
}
