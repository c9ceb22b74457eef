import Link from 'next/link';
import { DataTable, Panel, type Column } from '@/components/ui/table';
import { formatDay } from '@/lib/dates';
import { formatMoney } from '@/lib/money';

export interface CreditNoteListRow {
  id: string;
  href: string;
  reference: string;
  kindLabel: string;
  paymentReference: string;
  paymentHref: string;
  amount: number;
  currency: string;
  createdAt: Date;
}

const COLUMNS: Column[] = [
  'Date',
  'Credit note',
  'Type',
  'Payment',
  { label: 'Amount', align: 'right' },
];

/** Refunds and card disputes of the account's payments (shown only when there are any). */
export function CreditNoteList({ notes }: { notes: CreditNoteListRow[] }) {
  if (notes.length === 0) return null;
  return (
    <Panel titleId="credit-notes-title" title="Refunds and disputes">
      <DataTable columns={COLUMNS} cellX="px-4" scroll testId="credit-notes-table">
        {notes.map((note) => (
          <tr key={note.id} data-testid="credit-note-row" data-reference={note.reference}>
            <td className="px-4 py-3 whitespace-nowrap text-slate-600">
              {formatDay(note.createdAt)}
            </td>
            <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">
              <Link href={note.href} className="link">
                {note.reference}
              </Link>
            </td>
            <td className="px-4 py-3">{note.kindLabel}</td>
            <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">
              <Link href={note.paymentHref} className="link">
                {note.paymentReference}
              </Link>
            </td>
            <td className="px-4 py-3 text-right whitespace-nowrap tabular-nums">
              {formatMoney(note.amount, note.currency)}
            </td>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}
