import { appUrl } from '@/lib/app-url';
import { sendEmail } from '@/lib/email';
import { AccountExists, ResetPassword, VerifyEmail } from '@/lib/email/templates';

interface Recipient {
  name: string;
  email: string;
}

export function sendVerificationEmail(user: Recipient, token: string) {
  const url = appUrl(`/verify-email?token=${encodeURIComponent(token)}`);
  return sendEmail({
    to: user.email,
    subject: 'Confirm your email address for Alpenglow',
    body: <VerifyEmail name={user.name} url={url} />,
  });
}

export function sendPasswordResetEmail(user: Recipient, token: string) {
  const url = appUrl(`/reset-password?token=${encodeURIComponent(token)}`);
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
