import { ActionForm } from '@/components/ui/action-form';
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
    <section
      aria-labelledby="invite"
      className="max-w-xl rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="invite" className="mb-3 font-medium">
        Invite people
      </h2>
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
    </section>
  );
}
