import { getDb } from '@/db/client';
import { ActionForm } from '@/components/ui/action-form';
import { billingFields } from '@/components/accounts/billing-fields';
import { OrganizationList } from '@/components/accounts/organization-list';
import { PageHeader } from '@/components/ui/page-header';
import { listUserAccounts } from '@/lib/accounts/queries';
import { requireConsolePage } from '@/lib/authz/page';
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
  const { account, user } = await requireConsolePage(accountId, 'organizations');
  const organizations = (await listUserAccounts(await getDb(), user.id)).filter(
    (a) => a.kind === 'organization',
  );

  return (
    <div className="space-y-8">
      <PageHeader
        title="Organizations"
        description="Team workspaces with their own members, billing details and funds."
      />

      <OrganizationList organizations={organizations} leaveAction={leaveOrganizationAction} />

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
