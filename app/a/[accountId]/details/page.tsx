import { ActionForm, type FieldSpec } from '@/components/ui/action-form';
import { billingFields } from '@/components/accounts/billing-fields';
import { requireConsolePage } from '@/lib/authz/page';
import { updateAccountDetailsAction } from '../actions';

export const metadata = { title: 'Account details' };

export default async function DetailsPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requireConsolePage(accountId, 'details');
  const personal = account.kind === 'personal';
  const nameField: FieldSpec = personal
    ? { name: 'name', label: '', type: 'hidden', defaultValue: account.name }
    : { name: 'name', label: 'Organization name', defaultValue: account.name };
  return (
    <div className="max-w-xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Account details</h1>
        <p className="mt-1 text-sm text-slate-600">
          {personal
            ? 'The billing details of your personal account, printed on its receipts.'
            : 'The organization’s name and the billing details printed on its receipts.'}
        </p>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <ActionForm
          action={updateAccountDetailsAction}
          submitLabel="Save details"
          pendingLabel="Saving…"
          fields={[
            { name: 'accountId', label: '', type: 'hidden', defaultValue: account.id },
            nameField,
            ...billingFields(account),
          ]}
        />
      </section>
    </div>
  );
}
