import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { PrintButton } from '@/components/billing/print-button';
import { requireConsolePage } from '@/lib/authz/page';
import { loadCreditNote } from '@/lib/billing/credit-note-email';
import { CREDIT_NOTE_LABELS } from '@/lib/billing/credit-notes';
import { receiptPath, SELLER } from '@/lib/billing/receipt';
import { formatLongDateTimeUtc } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { isUuid } from '@/lib/validation';

export const metadata = { title: 'Credit note' };

const PRINT_CSS = `@media print {
  header, aside, [data-testid="status-banner"], .no-print { display: none !important; }
  body { background: #fff !important; }
  .credit-note { border: 0 !important; box-shadow: none !important; }
}`;

/** A credit note: a refund or a card dispute of a payment, as a printable document. */
export default async function CreditNotePage({
  params,
}: {
  params: Promise<{ accountId: string; creditNoteId: string }>;
}) {
  const { accountId, creditNoteId } = await params;
  const { account } = await requireConsolePage(accountId, 'billing');
  if (!isUuid(creditNoteId)) notFound();
  const document = await loadCreditNote(await getDb(), account.id, creditNoteId);
  if (!document) notFound();
  const { note, buyer } = document;

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="no-print flex items-center justify-between">
        <Link href={`/a/${account.id}/billing`} className="link text-sm">
          ← Billing
        </Link>
        <PrintButton />
      </div>
      <article
        className="credit-note rounded-lg border border-slate-200 bg-white p-8 shadow-sm"
        data-testid="credit-note"
      >
        <p className="text-sm font-semibold tracking-wide text-brand-700">Alpenglow</p>
        <h1 className="mt-1 text-2xl font-semibold">Credit note</h1>
        <p className="mt-1 font-mono text-sm text-slate-600">{note.reference}</p>
        <p className="mt-6 text-3xl font-bold tabular-nums" data-testid="credit-note-amount">
          {formatMoney(note.amount, note.currency)}
        </p>
        <dl className="mt-6 grid grid-cols-3 gap-y-2 text-sm">
          <dt className="text-slate-500">Type</dt>
          <dd className="col-span-2">{CREDIT_NOTE_LABELS[note.kind]}</dd>
          <dt className="text-slate-500">Payment</dt>
          <dd className="col-span-2 font-mono">
            <Link href={receiptPath(account.id, note.paymentId)} className="link">
              {note.paymentReference}
            </Link>
          </dd>
          <dt className="text-slate-500">Date</dt>
          <dd className="col-span-2">{formatLongDateTimeUtc(note.createdAt)}</dd>
          {note.reason && (
            <>
              <dt className="text-slate-500">Reason</dt>
              <dd className="col-span-2">{note.reason}</dd>
            </>
          )}
        </dl>
        <p className="mt-6 text-sm text-slate-600">
          {note.amount < 0
            ? 'This amount was taken from the account’s prepaid balance.'
            : 'This amount was returned to the account’s prepaid balance.'}
        </p>
        <div className="mt-8 grid grid-cols-2 gap-6 border-t border-slate-100 pt-6 text-sm">
          <div>
            <p className="text-xs tracking-wide text-slate-500 uppercase">Issued by</p>
            <p className="font-medium">{SELLER.name}</p>
            {SELLER.addressLines.map((line) => (
              <p key={line}>{line}</p>
            ))}
            <p>VAT {SELLER.vatNumber}</p>
          </div>
          <div>
            <p className="text-xs tracking-wide text-slate-500 uppercase">Billed to</p>
            <p className="font-medium">{buyer.name}</p>
            {buyer.lines.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
            {buyer.vatNumber && <p>VAT {buyer.vatNumber}</p>}
          </div>
        </div>
      </article>
    </div>
  );
}
