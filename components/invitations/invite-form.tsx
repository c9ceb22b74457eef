import { ActionForm } from '@/components/ui/action-form';
import { FormPanel } from '@/components/ui/form-panel';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** The owner's form to invite people by email, with the role they get. */
export function InviteForm({
  accountId,
  action,
  maxPerRequest,
}: {
  accountId: string;
  action: Action;
  maxPerRequest: number;
}) {
  return (
    <FormPanel titleId="invite" title="Invite people">
      <ActionForm
        action={action}
        submitLabel="Send invitations"
        pendingLabel="Sending…"
        resetOnSuccess
        fields={[
          { name: 'accountId', label: '', type: 'hidden', defaultValue: accountId },
          {
            name: 'emails',
            label: 'Email addresses',
            type: 'textarea',
            hint: `Up to ${maxPerRequest}, separated by commas or new lines.`,
          },
          {
            name: 'role',
            label: 'Role',
            type: 'select',
            defaultValue: 'tech',
            options: [
              ['owner', 'Owner — everything, including members'],
              ['tech', 'Tech — resources, no billing'],
              ['admin', 'Admin — billing and details, no resources'],
            ],
          },
        ]}
      />
    </FormPanel>
  );
}
