import { ConfirmedRowAction } from '@/components/ui/row-form';
import { ACTIONS_COLUMN, DataTable, EmptyState, Panel } from '@/components/ui/table';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { formatIsoDay } from '@/lib/dates';
import type { FormState } from '@/lib/forms';
import type { listAccountInvitations } from '@/lib/invitations/queries';

type Action = (state: FormState, form: FormData) => Promise<FormState>;
type PendingInvitation = Awaited<ReturnType<typeof listAccountInvitations>>[number];

const INVITATION_COLUMNS = ['Email', 'Role', 'Invited by', 'Expires'];

function hasPassed(date: Date): boolean {
  return date.getTime() <= Date.now();
}

/** An organization's pending invitations, each with resend and revoke (owners only). */
export function PendingInvitations({
  accountId,
  invitations,
  resendAction,
  revokeAction,
}: {
  accountId: string;
  invitations: PendingInvitation[];
  resendAction: Action;
  revokeAction: Action;
}) {
  return (
    <Panel titleId="pending" title="Pending invitations" className="overflow-hidden">
      {invitations.length === 0 ? (
        <EmptyState padding="py-6">No pending invitations.</EmptyState>
      ) : (
        <DataTable columns={[...INVITATION_COLUMNS, ACTIONS_COLUMN]} shadedHead>
          {invitations.map((invitation) => {
            const expired = hasPassed(invitation.expiresAt);
            return (
              <tr key={invitation.id} data-testid="invitation-row" data-email={invitation.email}>
                <td className="px-5 py-3 font-medium">{invitation.email}</td>
                <td className="px-5 py-3">{ROLE_LABELS[invitation.role]}</td>
                <td className="px-5 py-3 text-slate-600">{invitation.inviterName ?? '—'}</td>
                <td className={`px-5 py-3 ${expired ? 'text-red-700' : 'text-slate-600'}`}>
                  {expired ? 'Expired' : formatIsoDay(invitation.expiresAt)}
                </td>
                <td className="px-5 py-3">
                  <div className="flex items-start justify-end gap-2">
                    {[
                      {
                        action: resendAction,
                        label: 'Resend',
                        body: 'A new link is emailed and the previous link stops working.',
                        danger: false,
                      },
                      {
                        action: revokeAction,
                        label: 'Revoke',
                        confirmLabel: 'Revoke invitation',
                        body: 'The link stops working at once.',
                      },
                    ].map(({ label, ...rest }) => (
                      <ConfirmedRowAction
                        key={label}
                        accountId={accountId}
                        fields={{ invitationId: invitation.id }}
                        label={label}
                        title={`${label} the invitation to ${invitation.email}?`}
                        confirmLabel={label}
                        {...rest}
                      />
                    ))}
                  </div>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Panel>
  );
}
