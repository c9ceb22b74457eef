import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { BalanceChart } from '@/components/billing/balance-chart';
import { PaymentForm } from '@/components/billing/payment-form';
import { PaymentStatusBadge } from '@/components/billing/payment-status';
import { StatusBadge } from '@/components/status-badge';
import { DataTable, EmptyState, Panel, type Column } from '@/components/table';
import { requirePageAccess } from '@/lib/authz/page';
import {
  PAYMENT_MAX_UNITS,
  PAYMENT_MIN_UNITS,
  QUICK_AMOUNTS_UNITS,
} from '@/lib/billing/payment-schema';
import { describeCard, listPayments } from '@/lib/billing/payments';
import { configuredPaymentProvider } from '@/lib/billing/providers';
import { TEST_CARDS } from '@/lib/billing/providers/test-card';
import { balanceSeries, listLedger } from '@/lib/billing/queries';
import { receiptPath } from '@/lib/billing/receipt';
import { formatAmount, formatMoney } from '@/lib/money';
import { STRIPE_JS_DEFAULT_URL, stripeBrowserSettings } from '@/lib/security/csp';
import { CreditNoteList } from '@/components/billing/credit-note-list';
import { CREDIT_NOTE_LABELS, creditNotePath, listCreditNotes } from '@/lib/billing/credit-notes';
import { makePaymentAction } from './actions';
import { formatDay, formatDayAndTime } from '@/lib/dates';

export const metadata = { title: 'Billing' };

const CHART_DAYS = 90;
const KIND_LABELS = {
  payment: 'Payment',
  usage: 'Usage',
  adjustment: 'Adjustment',
  refund: 'Refund',
  dispute: 'Dispute',
} as const;

const PAYMENT_COLUMNS: Column[] = [
  'Date',
  'Reference',
  'Card',
  'Status',
  { label: 'Amount', align: 'right' },
];
const LEDGER_COLUMNS: Column[] = [
  'Date (UTC)',
  'Type',
  'Description',
  { label: 'Amount', align: 'right' },
  { label: 'Balance', align: 'right' },
];

function SignedAmount({ units, currency }: { units: number; currency: string }) {
  const positive = units > 0;
  return (
    <span className={positive ? 'text-emerald-700' : 'text-slate-900'}>
      {positive ? '+' : ''}
      {formatAmount(units)} {currency}
    </span>
  );
}

export default async function BillingPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account } = await requirePageAccess(accountId, 'billing.manage');
  const db = await getDb();
  const now = new Date();
  const [ledger, paymentRows, series, notes] = await Promise.all([
    listLedger(db, account.id),
    listPayments(db, account.id),
    balanceSeries(db, account.id, new Date(now.getTime() - CHART_DAYS * 86_400_000), now),
    listCreditNotes(db, account.id),
  ]);
  const provider = configuredPaymentProvider();
  const stripeBrowser = stripeBrowserSettings();
  const currency = account.currency;
  const who = account.kind === 'personal' ? 'your personal account' : account.name;
  const lastPayment = paymentRows.find((p) => p.status === 'succeeded');

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Billing</h1>
        <p className="mt-1 text-sm text-slate-600">
          Prepaid funds for {who}. Resources draw on the balance; the account is active while the
          balance is above 0. Funds cannot be moved between accounts.
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <dl className="grid gap-4 sm:grid-cols-3">
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-500">Balance</dt>
              <dd
                className="mt-1 text-xl font-semibold whitespace-nowrap tabular-nums"
                data-testid="billing-balance"
              >
                {formatMoney(account.balance, currency)}
              </dd>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-500">Status</dt>
              <dd className="mt-2">
                <StatusBadge status={account.status} />
              </dd>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-500">Last payment</dt>
              <dd className="mt-1 text-sm">
                {lastPayment ? (
                  <>
                    <span className="font-medium tabular-nums">
                      {formatMoney(lastPayment.amount, lastPayment.currency)}
                    </span>
                    <br />
                    <span className="text-slate-500">
                      {formatDayAndTime(lastPayment.completedAt ?? lastPayment.createdAt)}
                    </span>
                  </>
                ) : (
                  <span className="text-slate-500">None yet</span>
                )}
              </dd>
            </div>
          </dl>

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
            <BalanceChart series={series} balance={account.balance} currency={currency} />
          </section>
          <Panel titleId="payments-title" title="Payments">
            {paymentRows.length === 0 ? (
              <EmptyState testId="no-payments">No payments yet.</EmptyState>
            ) : (
              <DataTable columns={PAYMENT_COLUMNS} cellX="px-4" scroll testId="payments-table">
                {paymentRows.map((payment) => (
                  <tr
                    key={payment.id}
                    data-testid="payment-row"
                    data-status={payment.status}
                    data-reference={payment.reference}
                  >
                    <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                      {formatDay(payment.createdAt)}
                    </td>
                    <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">
                      <Link href={receiptPath(account.id, payment.id)} className="link">
                        {payment.reference}
                      </Link>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">
                      {describeCard(payment) ?? <span className="text-slate-400">—</span>}
                    </td>
                    <td className="px-4 py-3">
                      <PaymentStatusBadge status={payment.status} />
                      {payment.status === 'failed' && payment.failureMessage && (
                        <p className="mt-1 max-w-xs text-xs text-slate-500">
                          {payment.failureMessage}
                        </p>
                      )}
                    </td>
                    <td className="px-4 py-3 text-right whitespace-nowrap tabular-nums">
                      {formatMoney(payment.amount, payment.currency)}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </Panel>
          <CreditNoteList
            notes={notes.map((note) => ({
              id: note.id,
              href: creditNotePath(account.id, note.id),
              reference: note.reference,
              kindLabel: CREDIT_NOTE_LABELS[note.kind],
              paymentReference: note.paymentReference,
              paymentHref: receiptPath(account.id, note.paymentId),
              amount: note.amount,
              currency: note.currency,
              createdAt: note.createdAt,
            }))}
          />
        </div>

        <section
          aria-labelledby="pay-title"
          className="h-fit rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="pay-title" className="mb-1 font-medium">
            Add funds
          </h2>
          <p className="mb-4 text-sm text-slate-600">
            {account.status === 'suspended'
              ? 'A payment that brings the balance above 0 activates the account at once.'
              : 'Top up the balance before it runs out.'}
          </p>
          {provider ? (
            <PaymentForm
              action={makePaymentAction}
              accountId={account.id}
              currency={currency}
              initialKey={randomUUID()}
              quickAmounts={QUICK_AMOUNTS_UNITS.map((u) => formatAmount(u).replace(/,/g, ''))}
              defaultAmount={formatAmount(QUICK_AMOUNTS_UNITS[1]!).replace(/,/g, '')}
              limitsText={`From ${formatMoney(PAYMENT_MIN_UNITS, currency)} to ${formatMoney(PAYMENT_MAX_UNITS, currency)}, in whole cents.`}
              collectsCard={provider.collectsCard}
              stripe={
                !provider.collectsCard && stripeBrowser
                  ? { ...stripeBrowser, defaultScriptUrl: STRIPE_JS_DEFAULT_URL }
                  : null
              }
              testCards={
                provider.id === 'test'
                  ? [
                      { number: TEST_CARDS.success, label: 'succeeds' },
                      { number: TEST_CARDS.declined, label: 'declined' },
                      { number: TEST_CARDS.insufficientFunds, label: 'insufficient funds' },
                    ]
                  : []
              }
            />
          ) : (
            <div
              role="status"
              className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
              data-testid="payments-unavailable"
            >
              <p className="font-medium">Payments are not configured</p>
              <p className="mt-1">
                Funds cannot be added until the operator of this console sets up a payment provider.
              </p>
            </div>
          )}
        </section>
      </div>

      <Panel
        titleId="ledger-title"
        title="Ledger"
        aside={
          <span className="text-xs text-slate-500">
            Every change to the balance, newest first
            {ledger.length === 50 ? ' (latest 50)' : ''}
          </span>
        }
      >
        {ledger.length === 0 ? (
          <EmptyState testId="no-ledger">
            No entries yet. Payments and usage charges will be listed here.
          </EmptyState>
        ) : (
          <DataTable columns={LEDGER_COLUMNS} scroll testId="ledger-table">
            {ledger.map((entry) => (
              <tr key={entry.id} data-testid="ledger-row" data-kind={entry.kind}>
                <td className="px-5 py-3 whitespace-nowrap text-slate-600">
                  {formatDayAndTime(entry.createdAt)}
                </td>
                <td className="px-5 py-3">{KIND_LABELS[entry.kind]}</td>
                <td className="px-5 py-3">{entry.description}</td>
                <td className="px-5 py-3 text-right whitespace-nowrap tabular-nums">
                  <SignedAmount units={entry.amount} currency={currency} />
                </td>
                <td className="px-5 py-3 text-right whitespace-nowrap text-slate-600 tabular-nums">
                  {formatMoney(entry.balanceAfter, currency)}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Panel>
    </div>
  );
}
