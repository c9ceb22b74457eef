import Link from 'next/link';
import { LinkTokenForm } from '@/components/auth/link-token-form';
import { verifyEmailAction } from '../actions';
import { SignInAfterSuccess } from '../email-link';

export const metadata = { title: 'Confirm your email' };

// The link only shows a button: consuming the token takes a POST, so a mail scanner that
// follows links cannot use it up. The token is in the fragment (see LinkTokenForm).
export default function VerifyEmailPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Confirm your email address</h1>
      <p className="mb-6 text-sm text-slate-600">One click and your account is ready.</p>
      <LinkTokenForm
        action={verifyEmailAction}
        submitLabel="Confirm email address"
        pendingLabel="Confirming…"
        successExtra={<SignInAfterSuccess />}
      />
      <p className="mt-6 text-sm text-slate-600">
        <Link href="/sign-in" className="link">
          Go to sign in
        </Link>
        {' · '}
        <Link href="/resend-verification" className="link">
          Send a new link
        </Link>
      </p>
    </>
  );
}
