import { getDb } from '@/db/client';
import { SpendChart } from '@/components/billing/spend-chart';
import { StatusBadge } from '@/components/status-badge';
import { accountLabel } from '@/lib/accounts/queries';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requirePageAccess } from '@/lib/authz/page';
import { monthSpend, spendByDay } from '@/lib/billing/usage';
import { now } from '@/lib/clock';
import { formatMoney } from '@/lib/money';
import { formatHourly } from '@/lib/resources/format';
import { formatIsoDay } from '@/lib/dates';

export const metadata = { title: 'Overview' };

const CHART_DAYS = 30;

export default async function OverviewPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account, role } = await requirePageAccess(accountId, 'account.view');
  const at = now();
  const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const chartFrom = new Date(today - (CHART_DAYS - 1) * 86_400_000);
  const db = await getDb();
  const [spend, recent] = await Promise.all([
    monthSpend(db, account.id, at),
    spendByDay(db, account.id, chartFrom, new Date(today + 86_400_000)),
  ]);
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
      <section
        aria-labelledby="spend-title"
        className="rounded-lg border border-slate-200 bg-white p-4"
        data-testid="spend-panel"
      >
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="spend-title" className="font-medium">
            Spend this month
          </h2>
          <span className="text-xs text-slate-500">
            UTC days · resources now cost {formatHourly(spend.burn, account.currency)}
          </span>
        </div>
        <dl className="mb-4 grid gap-4 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-500">So far</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="spend-month">
              {formatMoney(spend.spent, account.currency)}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-500">Forecast to month end</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="spend-forecast">
              {formatMoney(spend.forecast, account.currency)}
            </dd>
          </div>
        </dl>
        <h3 className="mb-1 text-sm text-slate-500">Spend by day, last {CHART_DAYS} days</h3>
        <SpendChart from={chartFrom} count={CHART_DAYS} days={recent} currency={account.currency} />
      </section>
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
