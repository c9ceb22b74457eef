import { DataTable, type Column } from '@/components/ui/table';
import { INSTANCE_TYPES, stoppedRate } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';

const COLUMNS: Column[] = [
  'Type',
  { label: 'vCPU', align: 'right' },
  { label: 'Memory', align: 'right' },
  { label: 'Disk', align: 'right' },
  { label: 'Running', align: 'right' },
  { label: 'Stopped', align: 'right' },
];

/** The instance catalog with its hourly prices (running, and stopped: disk only). */
export function CatalogTable() {
  return (
    <DataTable columns={COLUMNS} cellX="px-4" scroll testId="catalog-table">
      {INSTANCE_TYPES.map((type) => (
        <tr key={type.id}>
          <td className="px-4 py-2 font-medium">{type.label}</td>
          <td className="px-4 py-2 text-right tabular-nums">{type.cpus}</td>
          <td className="px-4 py-2 text-right tabular-nums">{type.memoryGb} GB</td>
          <td className="px-4 py-2 text-right tabular-nums">{type.diskGb} GB</td>
          <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">
            {formatHourly(type.hourlyRate)}
          </td>
          <td className="px-4 py-2 text-right whitespace-nowrap text-slate-500 tabular-nums">
            {formatHourly(stoppedRate(type))}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
