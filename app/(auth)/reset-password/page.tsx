import { ActionForm } from '@/components/ui/action-form';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/validation';
import { resetPasswordAction } from '../actions';
import { linkToken, SignInAfterSuccess, type LinkSearchParams } from '../email-link';

export const metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: LinkSearchParams;
}) {
  const token = await linkToken(searchParams);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      <p className="mb-6 text-sm text-slate-600">
        Every device signed in to your account will be signed out.
      </p>
      <ActionForm
        action={resetPasswordAction}
        submitLabel="Change password"
        pendingLabel="Saving…"
        hideOnSuccess
        successExtra={<SignInAfterSuccess />}
        fields={[
          { name: 'token', label: '', type: 'hidden', defaultValue: token },
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
