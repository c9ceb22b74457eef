import Link from 'next/link';
import { ActionForm } from '@/components/ui/action-form';
import { verifyEmailAction } from '../actions';
import { linkToken, SignInAfterSuccess, type LinkSearchParams } from '../email-link';

export const metadata = { title: 'Confirm your email' };

// The link only shows a button: consuming the token takes a POST, so a mail scanner that
// follows links cannot use it up.
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: LinkSearchParams;
}) {
  const token = await linkToken(searchParams);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Confirm your email address</h1>
      <p className="mb-6 text-sm text-slate-600">One click and your account is ready.</p>
      <ActionForm
        action={verifyEmailAction}
        submitLabel="Confirm email address"
        pendingLabel="Confirming…"
        hideOnSuccess
        successExtra={<SignInAfterSuccess />}
        fields={[{ name: 'token', label: '', type: 'hidden', defaultValue: token }]}
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
