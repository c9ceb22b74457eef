import type { Bucket } from '@/db/schema';
import { ACTIONS_COLUMN, DataTable, type Column } from '@/components/ui/table';
import type { FormState } from '@/lib/forms';
import { formatBytes } from '@/lib/resources/format';
import { CreatedCell } from './resource-list';
import { ConfirmedDelete } from './row-actions';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const COLUMNS: Column[] = [
  'Name',
  'Zone',
  { label: 'Objects', align: 'right' },
  { label: 'Size', align: 'right' },
  'Created',
  ACTIONS_COLUMN,
];

export function BucketTable({
  accountId,
  buckets,
  deleteAction,
}: {
  accountId: string;
  buckets: Bucket[];
  deleteAction: Action;
}) {
  return (
    <DataTable columns={COLUMNS} cellX="px-4" scroll testId="buckets-table">
      {buckets.map((bucket) => (
        <tr key={bucket.id} data-testid="bucket-row" data-name={bucket.name}>
          <td className="px-4 py-3 font-mono text-sm font-medium">{bucket.name}</td>
          <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">{bucket.zone}</td>
          <td className="px-4 py-3 text-right tabular-nums">
            {bucket.objectCount.toLocaleString('en-US')}
          </td>
          <td className="px-4 py-3 text-right whitespace-nowrap tabular-nums">
            {formatBytes(bucket.sizeBytes)}
          </td>
          <CreatedCell at={bucket.createdAt} />
          <td className="px-4 py-3 text-right">
            <ConfirmedDelete
              action={deleteAction}
              accountId={accountId}
              fields={{ bucketId: bucket.id }}
              title={`Delete bucket ${bucket.name}?`}
              body={`The bucket and its ${bucket.objectCount.toLocaleString('en-US')} objects are deleted, and the name becomes free for anyone. This cannot be undone.`}
            />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
