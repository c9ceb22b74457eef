import { ActionForm } from '@/components/ui/action-form';
import type { Account } from '@/db/schema';
import type { FormState } from '@/lib/forms';
import { formatAmount } from '@/lib/money';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** The account's low-balance warning threshold (Owners and Admins). */
export function LowBalanceThreshold({ account, action }: { account: Account; action: Action }) {
  return (
    <section
      aria-labelledby="threshold-title"
      className="h-fit rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="threshold-title" className="mb-1 font-medium">
        Low-balance warning
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        Owners and Admins get one email each time the balance falls to this amount (0 turns it off).
      </p>
      <ActionForm
        action={action}
        submitLabel="Save threshold"
        pendingLabel="Saving…"
        fields={[
          { name: 'accountId', label: '', type: 'hidden', defaultValue: account.id },
          {
            name: 'threshold',
            label: `Threshold in ${account.currency}`,
            defaultValue: formatAmount(account.lowBalanceThreshold).replace(/,/g, ''),
            autoComplete: 'off',
          },
        ]}
      />
    </section>
  );
}
