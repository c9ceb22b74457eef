import { DataTable, EmptyState, type Column } from '@/components/ui/table';
import type { UsageKind } from '@/db/schema';
import type { Month, UsageLine } from '@/lib/billing/usage';
import { formatMonth } from '@/lib/dates';
import { formatMoney } from '@/lib/money';

const KIND_LABELS: Record<UsageKind, string> = {
  instance_running: 'Instance, running',
  instance_stopped: 'Instance, stopped (disk)',
  bucket: 'Bucket',
};

const COLUMNS: Column[] = [
  'Resource',
  'Usage',
  { label: 'Hours', align: 'right' },
  { label: 'Amount', align: 'right' },
];

/** A month's usage per resource, with a month picker (a GET form: works without script). */
export function UsageBreakdown({
  month,
  months,
  lines,
  currency,
}: {
  month: Month;
  months: Month[];
  lines: UsageLine[];
  currency: string;
}) {
  const total = lines.reduce((s, l) => s + l.amount, 0);
  const label = (m: Month) => formatMonth(m.start);
  return (
    <div>
      <form
        method="get"
        className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-5 py-3"
      >
        <label htmlFor="usage-month" className="text-sm text-slate-600">
          Month
        </label>
        <select id="usage-month" name="month" defaultValue={month.key} className="input w-48 py-1">
          {months.map((m) => (
            <option key={m.key} value={m.key}>
              {label(m)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn-secondary py-1">
          Show
        </button>
        <span className="ml-auto text-sm text-slate-600" data-testid="usage-total">
          Total {label(month)}:{' '}
          <strong className="tabular-nums">{formatMoney(total, currency)}</strong>
        </span>
      </form>
      {lines.length === 0 ? (
        <EmptyState testId="no-usage">No resource usage in {label(month)}.</EmptyState>
      ) : (
        <DataTable columns={COLUMNS} scroll testId="usage-table">
          {lines.map((line) => (
            <tr key={`${line.resourceId}-${line.kind}`} data-testid="usage-row">
              <td className="px-5 py-2 font-medium">{line.resourceName}</td>
              <td className="px-5 py-2 text-slate-600">{KIND_LABELS[line.kind]}</td>
              <td className="px-5 py-2 text-right tabular-nums">{line.hours.toFixed(2)}</td>
              <td className="px-5 py-2 text-right whitespace-nowrap tabular-nums">
                {formatMoney(line.amount, currency)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
