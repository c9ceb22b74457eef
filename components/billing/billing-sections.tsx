import Link from 'next/link';
import type { Account, LedgerEntry, Payment } from '@/db/schema';
import { PaymentStatusBadge } from '@/components/billing/payment-status';
import { StatusBadge } from '@/components/accounts/status-badge';
import { Stat } from '@/components/ui/stat';
import { DataTable, EmptyState, Panel, type Column } from '@/components/ui/table';
import { describeCard } from '@/lib/billing/payment-identity';
import { receiptPath } from '@/lib/billing/receipt';
import { formatDay, formatDayAndTime } from '@/lib/dates';
import { formatAmount, formatMoney } from '@/lib/money';

// The Billing page's read-only sections: the balance summary, the payments and the ledger.

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

/** Balance, status and the last successful payment. */
export function BalanceSummary({ account, payments }: { account: Account; payments: Payment[] }) {
  const currency = account.currency;
  const lastPayment = payments.find((p) => p.status === 'succeeded');
  return (
    <dl className="grid gap-4 sm:grid-cols-3">
      <Stat
        label="Balance"
        valueClassName="mt-1 text-xl font-semibold whitespace-nowrap tabular-nums"
        testId="billing-balance"
      >
        {formatMoney(account.balance, currency)}
      </Stat>
      <Stat label="Status" valueClassName="mt-2">
        <StatusBadge status={account.status} />
      </Stat>
      <Stat label="Last payment" valueClassName="mt-1 text-sm">
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
      </Stat>
    </dl>
  );
}

/** The account's payments, newest first, each linking to its receipt. */
export function PaymentList({ accountId, payments }: { accountId: string; payments: Payment[] }) {
  return (
    <Panel titleId="payments-title" title="Payments">
      {payments.length === 0 ? (
        <EmptyState testId="no-payments">No payments yet.</EmptyState>
      ) : (
        <DataTable columns={PAYMENT_COLUMNS} cellX="px-4" scroll testId="payments-table">
          {payments.map((payment) => (
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
                <Link href={receiptPath(accountId, payment.id)} className="link">
                  {payment.reference}
                </Link>
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                {describeCard(payment) ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="px-4 py-3">
                <PaymentStatusBadge status={payment.status} />
                {payment.status === 'failed' && payment.failureMessage && (
                  <p className="mt-1 max-w-xs text-xs text-slate-500">{payment.failureMessage}</p>
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
  );
}

/** Every change to the balance, newest first. */
export function LedgerList({ ledger, currency }: { ledger: LedgerEntry[]; currency: string }) {
  return (
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
  );
}
