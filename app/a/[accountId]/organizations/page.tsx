import Link from 'next/link';
import { forbidden, notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { ActionForm } from '@/components/action-form';
import { billingFields } from '@/components/billing-fields';
import { LeaveOrganizationButton } from '@/components/leave-organization';
import { StatusBadge } from '@/components/status-badge';
import { ACTIONS_COLUMN, DataTable, EmptyState, Panel } from '@/components/table';
import { listUserAccounts } from '@/lib/accounts/queries';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requirePageAccess } from '@/lib/authz/page';
import { formatMoney } from '@/lib/money';
import { createOrganizationAction, leaveOrganizationAction } from '../actions';

export const metadata = { title: 'Organizations' };

export default async function OrganizationsPage({
  params,
}: {
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  // Membership first (404 to a non-member), then: the page exists only in a personal account
  // (404 in an organization, docs/DECISIONS.md), and only then the right to create (403).
  const { account, user, can } = await requirePageAccess(accountId, 'account.view');
  if (account.kind !== 'personal') notFound();
  if (!can('organization.create')) forbidden();
  const organizations = (await listUserAccounts(await getDb(), user.id)).filter(
    (a) => a.kind === 'organization',
  );

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Organizations</h1>
        <p className="mt-1 text-sm text-slate-600">
          Team workspaces with their own members, billing details and funds.
        </p>
      </div>

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
                      action={leaveOrganizationAction}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Panel>

      <section
        aria-labelledby="create-org"
        className="max-w-xl rounded-lg border border-slate-200 bg-white p-5"
      >
        <h2 id="create-org" className="font-medium">
          Create an organization
        </h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          The billing details are used for the organization’s receipts and can be changed later. A
          new organization starts with 0.00 CHF and is suspended until its first payment. Funds
          cannot be transferred from your personal account.
        </p>
        <ActionForm
          action={createOrganizationAction}
          submitLabel="Create organization"
          pendingLabel="Creating…"
          resetOnSuccess
          fields={[
            { name: 'accountId', label: '', type: 'hidden', defaultValue: account.id },
            { name: 'name', label: 'Organization name', autoComplete: 'off' },
            ...billingFields({ billingEmail: user.email }),
          ]}
        />
      </section>
    </div>
  );
}
