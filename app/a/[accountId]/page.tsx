import { StatusBadge } from '@/components/accounts/status-badge';
import { accountLabel } from '@/lib/accounts/queries';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requireConsolePage } from '@/lib/authz/page';
import { formatMoney } from '@/lib/money';
import { formatIsoDay } from '@/lib/dates';

export const metadata = { title: 'Overview' };

export default async function OverviewPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account, role } = await requireConsolePage(accountId, 'overview');
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          {account.kind === 'personal' ? accountLabel(account) : 'Organization'}
        </p>
        <h1 className="text-2xl font-semibold" data-testid="account-name">
          {account.name}
        </h1>
      </div>
      <dl className="grid gap-4 sm:grid-cols-3">
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">Status</dt>
          <dd className="mt-2">
            <StatusBadge status={account.status} />
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">Balance</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid="account-balance">
            {formatMoney(account.balance, account.currency)}
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">Your role</dt>
          <dd className="mt-1 text-lg font-medium">{ROLE_LABELS[role]}</dd>
        </div>
      </dl>
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
        <h2 className="mb-1 font-medium text-slate-900">
          {account.kind === 'personal' ? 'Your personal account' : 'Organization'}
        </h2>
        <p>
          {account.kind === 'personal'
            ? 'This account is yours alone: it has its own funds and billing details. Funds cannot be moved between accounts.'
            : 'A team workspace with its own members, funds and billing details.'}{' '}
          Created {formatIsoDay(account.createdAt)}.
        </p>
      </section>
    </div>
  );
}
