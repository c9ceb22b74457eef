import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ActionForm } from '@/components/ui/action-form';
import { getCurrentUser } from '@/lib/auth/session';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { signInAction } from '../actions';

export const metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
  if (await getCurrentUser()) redirect(safeRedirectPath(callbackUrl));
  const signedOutEverywhere = params.signedOut === 'everywhere';
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">Welcome back to your cloud console.</p>
      {signedOutEverywhere && (
        <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          You are signed out on every device.
        </p>
      )}
      <ActionForm
        action={signInAction}
        submitLabel="Sign in"
        pendingLabel="Signing in…"
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
          {
            name: 'password',
            label: 'Password',
            type: 'password',
            autoComplete: 'current-password',
          },
          { name: 'callbackUrl', label: '', type: 'hidden', defaultValue: callbackUrl ?? '' },
        ]}
      />
      <div className="mt-6 flex justify-between text-sm">
        <Link href="/forgot-password" className="link">
          Forgot password?
        </Link>
        <Link href="/sign-up" className="link">
          Create an account
        </Link>
      </div>
    </>
  );
}
