import Link from 'next/link';
import { ActionForm } from '@/components/ui/action-form';
import { resendVerificationAction } from '../actions';

export const metadata = { title: 'Resend verification' };

export default async function ResendVerificationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const email = typeof params.email === 'string' ? params.email : '';
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Send a new verification link</h1>
      <p className="mb-6 text-sm text-slate-600">Links are valid for 24 hours and work once.</p>
      <ActionForm
        action={resendVerificationAction}
        submitLabel="Send link"
        pendingLabel="Sending…"
        hideOnSuccess
        fields={[
          {
            name: 'email',
            label: 'Email',
            type: 'email',
            autoComplete: 'email',
            defaultValue: email,
          },
        ]}
      />
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="link">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
