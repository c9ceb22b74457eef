import { PaymentStatusBadge } from '@/components/billing/payment-status';
import { receiptLines } from '@/lib/billing/payment-identity';
import { SELLER, type Receipt } from '@/lib/billing/receipt';
import { formatMoney } from '@/lib/money';

/** The receipt of a payment (or, until it succeeds, the record of the attempt). */
export function ReceiptDocument({ receipt }: { receipt: Receipt }) {
  const { payment } = receipt;
  const succeeded = payment.status === 'succeeded';
  return (
    <article
      className="receipt rounded-lg border border-slate-200 bg-white p-8 shadow-sm"
      data-testid="receipt"
    >
      <ReceiptHeading payment={payment} />
      {!succeeded && <AttemptNotice payment={payment} />}
      <Parties buyer={receipt.buyer} />
      <ReceiptDetails receipt={receipt} />
      <p className="mt-6 text-xs text-slate-500">
        Amounts are shown rounded to the cent. Questions about this payment? Write to {SELLER.email}{' '}
        and quote {payment.reference}.
      </p>
    </article>
  );
}

type ReceiptPayment = Receipt['payment'];

function ReceiptHeading({ payment }: { payment: ReceiptPayment }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 pb-6">
      <div>
        <p className="text-sm font-semibold tracking-wide text-brand-700">Alpenglow</p>
        <h1 className="mt-1 text-2xl font-semibold">
          {payment.status === 'succeeded' ? 'Payment receipt' : 'Payment attempt'}
        </h1>
        <p className="mt-1 font-mono text-sm text-slate-600" data-testid="receipt-reference">
          {payment.reference}
        </p>
      </div>
      <div className="text-right">
        <p className="text-3xl font-semibold tabular-nums" data-testid="receipt-amount">
          {formatMoney(payment.amount, payment.currency)}
        </p>
        <div className="mt-1">
          <PaymentStatusBadge status={payment.status} />
        </div>
      </div>
    </div>
  );
}

function AttemptNotice({ payment }: { payment: ReceiptPayment }) {
  const failed = payment.status === 'failed';
  return (
    <p
      className={`mt-6 rounded-md px-3 py-2 text-sm ${
        failed
          ? 'border border-red-200 bg-red-50 text-red-800'
          : 'border border-slate-200 bg-slate-50 text-slate-700'
      }`}
    >
      {failed
        ? `This payment failed: ${payment.failureMessage ?? 'no reason given'} Nothing was charged, so there is no receipt.`
        : 'This payment is waiting for confirmation from the payment provider. The receipt appears here once it is confirmed.'}
    </p>
  );
}

function Parties({ buyer }: { buyer: Receipt['buyer'] }) {
  return (
    <div className="grid gap-6 py-6 sm:grid-cols-2">
      <section>
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Seller</h2>
        <address className="mt-2 text-sm leading-6 not-italic">
          <strong>{SELLER.name}</strong>
          {SELLER.addressLines.map((line) => (
            <span key={line} className="block">
              {line}
            </span>
          ))}
          <span className="block">VAT {SELLER.vatNumber}</span>
          <span className="block">{SELLER.email}</span>
        </address>
      </section>
      <section>
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Billed to</h2>
        <address className="mt-2 text-sm leading-6 not-italic" data-testid="receipt-buyer">
          <strong>{buyer.name}</strong>
          {buyer.lines.map((line, i) => (
            <span key={i} className="block">
              {line}
            </span>
          ))}
          {buyer.vatNumber && <span className="block">VAT {buyer.vatNumber}</span>}
          {buyer.email && <span className="block">{buyer.email}</span>}
        </address>
      </section>
    </div>
  );
}

function ReceiptDetails({ receipt: { payment, payer } }: { receipt: Receipt }) {
  const rows = [
    ...receiptLines(payment),
    ['Paid by', payer ? `${payer.name} (${payer.email})` : '—'],
  ];
  return (
    <dl className="divide-y divide-slate-100 border-t border-slate-100 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="flex justify-between gap-4 py-2">
          <dt className="text-slate-500">{term}</dt>
          <dd className="text-right">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
