import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { PrintButton } from '@/components/billing/print-button';
import { ReceiptDocument } from '@/components/billing/receipt-document';
import { requireConsolePage } from '@/lib/authz/page';
import { consolePath } from '@/lib/authz/console';
import { loadCurrentReceipt } from '@/lib/billing/current-receipt';
import { isUuid } from '@/lib/validation';

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
  const { account } = await requireConsolePage(accountId, 'billing');
  if (!isUuid(paymentId)) notFound();
  const receipt = await loadCurrentReceipt(await getDb(), account.id, paymentId);
  if (!receipt) notFound();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="no-print flex items-center justify-between">
        <Link href={consolePath(account.id, 'billing')} className="link text-sm">
          ← Billing
        </Link>
        {receipt.payment.status === 'succeeded' && <PrintButton />}
      </div>
      <ReceiptDocument receipt={receipt} />
    </div>
  );
}
