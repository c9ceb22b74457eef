import { appUrl } from '@/lib/http/app-url';
import { sendEmail } from '@/lib/email';
import { AccountExists, LinkEmail, ResetPassword, VerifyEmail } from '@/lib/email/templates';

/**
 * An emailed link's URL: the token rides in the fragment, which browsers never send to a
 * server, so it cannot end up in access logs or Referer headers (the page reads it).
 */
export function linkUrl(path: '/verify-email' | '/reset-password', token: string): string {
  return appUrl(`${path}#${token}`);
}

interface Recipient {
  name: string;
  email: string;
}

export function sendVerificationEmail(user: Recipient, token: string) {
  const url = linkUrl('/verify-email', token);
  return sendEmail({
    to: user.email,
    subject: 'Confirm your email address for Alpenglow',
    body: <VerifyEmail name={user.name} url={url} />,
  });
}

export function sendPasswordResetEmail(user: Recipient, token: string) {
  const url = linkUrl('/reset-password', token);
  return sendEmail({
    to: user.email,
    subject: 'Reset your Alpenglow password',
    body: <ResetPassword name={user.name} url={url} />,
  });
}

export function sendAccountExistsEmail(user: Recipient) {
  return sendEmail({
    to: user.email,
    subject: 'You already have an Alpenglow account',
    body: (
      <AccountExists
        name={user.name}
        signInUrl={appUrl('/sign-in')}
        resetUrl={appUrl('/forgot-password')}
      />
    ),
  });
}

function ConfirmAndSetPassword({ name, url }: { name: string; url: string }) {
  return (
    <LinkEmail
      title="Confirm your email address"
      name={name}
      intro="Here is a new link to finish setting up your Alpenglow account. Following it confirms your address; you then choose the password you will sign in with."
      url={url}
      label="Confirm and choose a password"
      terms="This link expires in 24 hours and works once. If you did not ask for it, ignore this email."
    />
  );
}

export function sendConfirmAndSetPasswordEmail(user: Recipient, token: string) {
  const url = linkUrl('/reset-password', token);
  return sendEmail({
    to: user.email,
    subject: 'Confirm your email address for Alpenglow',
    body: <ConfirmAndSetPassword name={user.name} url={url} />,
  });
}
