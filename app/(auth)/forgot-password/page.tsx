import Link from 'next/link';
import { ActionForm } from '@/components/ui/action-form';
import { forgotPasswordAction } from '../actions';

export const metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Reset your password</h1>
      <p className="mb-6 text-sm text-slate-600">
        We email you a link that works once, for one hour.
      </p>
      <ActionForm
        action={forgotPasswordAction}
        submitLabel="Email me a reset link"
        pendingLabel="Sending…"
        hideOnSuccess
        fields={[{ name: 'email', label: 'Email', type: 'email', autoComplete: 'email' }]}
      />
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="link">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
