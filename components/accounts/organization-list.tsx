import Link from 'next/link';
import { LeaveOrganizationButton } from '@/components/accounts/leave-organization';
import { StatusBadge } from '@/components/accounts/status-badge';
import { ACTIONS_COLUMN, DataTable, EmptyState, Panel } from '@/components/ui/table';
import type { listUserAccounts } from '@/lib/accounts/queries';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import type { FormState } from '@/lib/forms';
import { formatMoney } from '@/lib/money';

type Organization = Awaited<ReturnType<typeof listUserAccounts>>[number];

/** The user's organizations, each to switch to or leave. */
export function OrganizationList({
  organizations,
  leaveAction,
}: {
  organizations: Organization[];
  leaveAction: (state: FormState, form: FormData) => Promise<FormState>;
}) {
  return (
    <Panel titleId="your-orgs" title="Your organizations">
      {organizations.length === 0 ? (
        <EmptyState testId="no-organizations">
          You are not in any organization yet. Create one below, or accept an invitation.
        </EmptyState>
      ) : (
        <DataTable
          columns={[
            'Name',
            'Your role',
            'Status',
            { label: 'Balance', align: 'right' },
            ACTIONS_COLUMN,
          ]}
        >
          {organizations.map((org) => (
            <tr key={org.id} data-testid="organization-row" data-name={org.name}>
              <td className="px-5 py-3 font-medium">{org.name}</td>
              <td className="px-5 py-3">{ROLE_LABELS[org.role]}</td>
              <td className="px-5 py-3">
                <StatusBadge status={org.status} />
              </td>
              <td className="px-5 py-3 text-right tabular-nums">
                {formatMoney(org.balance, org.currency)}
              </td>
              <td className="px-5 py-3">
                <div className="flex items-start justify-end gap-2">
                  <Link href={`/a/${org.id}`} className="btn-secondary">
                    Switch
                  </Link>
                  <LeaveOrganizationButton
                    accountId={org.id}
                    name={org.name}
                    action={leaveAction}
                  />
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
