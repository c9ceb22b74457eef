import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { PaymentStatusBadge } from '@/components/billing/payment-status';
import { PrintButton } from '@/components/billing/print-button';
import { isUuid } from '@/lib/validation';
import { requirePageAccess } from '@/lib/authz/page';
import { STRIPE_PROVIDER_ID, stripeSettingsFromEnv } from '@/lib/billing/providers/stripe';
import { loadReceipt, SELLER } from '@/lib/billing/receipt';
import { refreshStripePayment } from '@/lib/billing/stripe-fulfilment';
import { formatMoney } from '@/lib/money';
import { formatLongDateTimeUtc } from '@/lib/dates';

export const metadata = { title: 'Receipt' };

// Printing a receipt shows the document only: no console chrome.
const PRINT_CSS = `@media print {
  header, aside, [data-testid="status-banner"], .no-print { display: none !important; }
  body { background: #fff !important; }
  main { max-width: none !important; padding: 0 !important; }
  .receipt { border: 0 !important; box-shadow: none !important; }
}`;

export default async function ReceiptPage({
  params,
}: {
  params: Promise<{ accountId: string; paymentId: string }>;
}) {
  const { accountId, paymentId } = await params;
  const { account } = await requirePageAccess(accountId, 'billing.manage');
  if (!isUuid(paymentId)) notFound();
  const db = await getDb();
  let receipt = await loadReceipt(db, account.id, paymentId);
  if (!receipt) notFound();

  // Stripe's return page: a pending payment is settled from the PaymentIntent's status.
  const stripe = stripeSettingsFromEnv();
  if (
    stripe &&
    receipt.payment.provider === STRIPE_PROVIDER_ID &&
    receipt.payment.status === 'pending'
  ) {
    try {
      const result = await refreshStripePayment(stripe, account.id, paymentId);
      if (result.outcome === 'credited' || result.outcome === 'failed') {
        receipt = (await loadReceipt(db, account.id, paymentId)) ?? receipt;
      }
    } catch (error) {
      // Stripe unreachable: the payment stays pending; the webhook will settle it.
      console.error(`[payments] refreshing ${paymentId} from Stripe failed:`, error);
    }
  }

  const { payment, buyer, payer } = receipt;
  const paidAt = payment.completedAt ?? payment.createdAt;
  const succeeded = payment.status === 'succeeded';

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="no-print flex items-center justify-between">
        <Link href={`/a/${account.id}/billing`} className="link text-sm">
          ← Billing
        </Link>
        {succeeded && <PrintButton />}
      </div>

      <article
        className="receipt rounded-lg border border-slate-200 bg-white p-8 shadow-sm"
        data-testid="receipt"
      >
        <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 pb-6">
          <div>
            <p className="text-sm font-semibold tracking-wide text-brand-700">Alpenglow</p>
            <h1 className="mt-1 text-2xl font-semibold">
              {succeeded ? 'Payment receipt' : 'Payment attempt'}
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

        {!succeeded && (
          <p
            className={`mt-6 rounded-md px-3 py-2 text-sm ${
              payment.status === 'failed'
                ? 'border border-red-200 bg-red-50 text-red-800'
                : 'border border-slate-200 bg-slate-50 text-slate-700'
            }`}
          >
            {payment.status === 'failed'
              ? `This payment failed: ${payment.failureMessage ?? 'no reason given'} Nothing was charged, so there is no receipt.`
              : 'This payment is waiting for confirmation from the payment provider. The receipt appears here once it is confirmed.'}
          </p>
        )}

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
            <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Billed to
            </h2>
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

        <dl className="divide-y divide-slate-100 border-t border-slate-100 text-sm">
          {[
            ['Reference', payment.reference],
            ['Date', formatLongDateTimeUtc(paidAt)],
            ['Description', 'Prepaid funds (credit on the account; not transferable)'],
            ['Amount', formatMoney(payment.amount, payment.currency)],
            ['Currency', payment.currency],
            [
              'Paid with',
              payment.cardBrand && payment.cardLast4
                ? `${payment.cardBrand} ending in ${payment.cardLast4}`
                : 'Card',
            ],
            ['Paid by', payer ? `${payer.name} (${payer.email})` : '—'],
          ].map(([term, value]) => (
            <div key={term} className="flex justify-between gap-4 py-2">
              <dt className="text-slate-500">{term}</dt>
              <dd className="text-right">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-6 text-xs text-slate-500">
          Amounts are shown rounded to the cent. Questions about this payment? Write to{' '}
          {SELLER.email} and quote {payment.reference}.
        </p>
      </article>
    </div>
  );
}
