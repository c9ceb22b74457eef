import type { MemberRole } from '@/db/schema';
import { appUrl } from '@/lib/http/app-url';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { sendEmail } from '@/lib/email';
import { ActionLink, Layout, styles } from '@/lib/email/templates';

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
  const title = `Join ${organizationName} on Alpenglow`;
  return (
    <Layout title={title}>
      <h1 style={styles.heading}>You are invited to {organizationName}</h1>
      <p style={styles.paragraph}>
        {inviterName} invited you to join the organization <strong>{organizationName}</strong> on
        Alpenglow as <strong>{ROLE_LABELS[role]}</strong>.
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
    subject: `${input.inviterName} invited you to ${input.organizationName} on Alpenglow`,
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
