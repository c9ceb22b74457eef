import { getDb } from '@/db/client';
import { AddFunds } from '@/components/billing/add-funds';
import { BalanceChart } from '@/components/billing/balance-chart';
import { BalanceSummary, LedgerList, PaymentList } from '@/components/billing/billing-sections';
import { LowBalanceThreshold } from '@/components/billing/low-balance-threshold';
import { UsageBreakdown } from '@/components/billing/usage-breakdown';
import { Panel } from '@/components/ui/table';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsolePage } from '@/lib/authz/page';
import { listPayments } from '@/lib/billing/payments';
import { configuredPaymentProvider } from '@/lib/billing/providers';
import { balanceSeries, listLedger } from '@/lib/billing/queries';
import { monthOf, parseMonth, recentMonths, usageBreakdown } from '@/lib/billing/usage';
import { now as clockNow } from '@/lib/clock';
import { CreditNoteList } from '@/components/billing/credit-note-list';
import { CREDIT_NOTE_LABELS, creditNotePath, listCreditNotes } from '@/lib/billing/credit-notes';
import { receiptPath } from '@/lib/billing/receipt';
import { STRIPE_JS_DEFAULT_URL, stripeBrowserSettings } from '@/lib/security/csp';
import { makePaymentAction, setLowBalanceThresholdAction } from './actions';

export const metadata = { title: 'Billing' };

const CHART_DAYS = 90;

/** The credit notes as the list shows them: labelled, with links to the note and its payment. */
function creditNoteRows(accountId: string, notes: Awaited<ReturnType<typeof listCreditNotes>>) {
  return notes.map((note) => ({
    id: note.id,
    href: creditNotePath(accountId, note.id),
    reference: note.reference,
    kindLabel: CREDIT_NOTE_LABELS[note.kind],
    paymentReference: note.paymentReference,
    paymentHref: receiptPath(accountId, note.paymentId),
    amount: note.amount,
    currency: note.currency,
    createdAt: note.createdAt,
  }));
}

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ month?: string | string[] }>;
}) {
  const { accountId } = await params;
  const { month: monthParam } = await searchParams;
  const { account } = await requireConsolePage(accountId, 'billing');
  const db = await getDb();
  const now = new Date();
  // An unknown or malformed month shows the current one (the picker offers only valid ones).
  const month =
    parseMonth(typeof monthParam === 'string' ? monthParam : null) ?? monthOf(clockNow());
  const [ledger, payments, series, usage, notes] = await Promise.all([
    listLedger(db, account.id),
    listPayments(db, account.id),
    balanceSeries(db, account.id, new Date(now.getTime() - CHART_DAYS * 86_400_000), now),
    usageBreakdown(db, account.id, month),
    listCreditNotes(db, account.id),
  ]);
  const stripe = stripeBrowserSettings();
  const who = account.kind === 'personal' ? 'your personal account' : account.name;
  return (
    <div className="space-y-8">
      <PageHeader
        title="Billing"
        description={`Prepaid funds for ${who}. Resources draw on the balance; the account is active while the balance is above 0. Funds cannot be moved between accounts.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <BalanceSummary account={account} payments={payments} />
          <section
            aria-labelledby="chart-title"
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <div className="mb-2 flex items-baseline justify-between">
              <h2 id="chart-title" className="font-medium">
                Balance
              </h2>
              <span className="text-xs text-slate-500">Last {CHART_DAYS} days</span>
            </div>
            <BalanceChart series={series} balance={account.balance} currency={account.currency} />
          </section>
          <PaymentList accountId={account.id} payments={payments} />
          <CreditNoteList notes={creditNoteRows(account.id, notes)} />
        </div>
        <AddFunds
          account={account}
          provider={configuredPaymentProvider()}
          action={makePaymentAction}
          stripe={stripe && { ...stripe, defaultScriptUrl: STRIPE_JS_DEFAULT_URL }}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Panel titleId="usage-title" title="Usage by resource" className="lg:col-span-2">
          <UsageBreakdown
            month={month}
            months={recentMonths(clockNow())}
            lines={usage}
            currency={account.currency}
          />
        </Panel>
        <LowBalanceThreshold account={account} action={setLowBalanceThresholdAction} />
      </div>
      <LedgerList ledger={ledger} currency={account.currency} />
    </div>
  );
}
