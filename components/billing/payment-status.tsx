import type { Payment } from '@/db/schema';

const STYLES: Record<Payment['status'], string> = {
  succeeded: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-red-50 text-red-800',
  pending: 'bg-slate-100 text-slate-700',
};

const LABELS: Record<Payment['status'], string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  pending: 'Pending',
};

export function PaymentStatusBadge({ status }: { status: Payment['status'] }) {
  return (
    <span
      data-testid="payment-status"
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}
    >
      {LABELS[status]}
    </span>
  );
}
