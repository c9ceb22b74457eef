import { LinkTokenForm } from '@/components/auth/link-token-form';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/validation';
import { resetPasswordAction } from '../actions';
import { SignInAfterSuccess } from '../email-link';

export const metadata = { title: 'Choose a new password' };

export default function ResetPasswordPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      <p className="mb-6 text-sm text-slate-600">
        Every device signed in to your account will be signed out.
      </p>
      <LinkTokenForm
        action={resetPasswordAction}
        submitLabel="Change password"
        pendingLabel="Saving…"
        successExtra={<SignInAfterSuccess />}
        fields={[
          {
            name: 'password',
            label: 'New password',
            type: 'password',
            autoComplete: 'new-password',
            hint: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`,
          },
          {
            name: 'confirm',
            label: 'Repeat new password',
            type: 'password',
            autoComplete: 'new-password',
          },
        ]}
      />
    </>
  );
}
