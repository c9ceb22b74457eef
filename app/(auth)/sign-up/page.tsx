import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ActionForm } from '@/components/ui/action-form';
import { getCurrentUser } from '@/lib/auth/session';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/validation';
import { signUpAction } from '../actions';

export const metadata = { title: 'Create your account' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getCurrentUser()) redirect('/');
  const params = await searchParams;
  const email = typeof params.email === 'string' ? params.email : '';
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-6 text-sm text-slate-600">
        You get a personal account at once; organizations for your team come after.
      </p>
      <ActionForm
        action={signUpAction}
        submitLabel="Create account"
        pendingLabel="Creating account…"
        hideOnSuccess
        fields={[
          { name: 'name', label: 'Name', autoComplete: 'name' },
          {
            name: 'email',
            label: 'Email',
            type: 'email',
            autoComplete: 'email',
            defaultValue: email,
          },
          {
            name: 'password',
            label: 'Password',
            type: 'password',
            autoComplete: 'new-password',
            hint: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase works well.`,
          },
        ]}
      />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/sign-in" className="link">
          Sign in
        </Link>
      </p>
    </>
  );
}
