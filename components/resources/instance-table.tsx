import type { Instance } from '@/db/schema';
import { ACTIONS_COLUMN, DataTable, type Column } from '@/components/ui/table';
import type { FormState } from '@/lib/forms';
import { instanceType } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';
import { CreatedCell } from './resource-list';
import { ConfirmedDelete, RowButton } from './row-actions';
import { InstanceStateBadge } from './state-badge';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

export interface InstanceActions {
  start: Action;
  stop: Action;
  reboot: Action;
  remove: Action;
}

const COLUMNS: Column[] = [
  'Name',
  'Type',
  'Zone',
  'State',
  { label: 'Price', align: 'right' },
  'Created',
  ACTIONS_COLUMN,
];

function hourlyPrice(instance: Instance): number {
  return instance.state === 'stopped' ? instance.stoppedRate : instance.runningRate;
}

/** The operations an instance's state allows: start, or stop and reboot; delete (confirmed). */
function InstanceOperations({
  accountId,
  instance,
  actions,
  startDisabledReason,
}: {
  accountId: string;
  instance: Instance;
  actions: InstanceActions;
  startDisabledReason?: string;
}) {
  const fields = { instanceId: instance.id };
  return (
    <div className="flex justify-end gap-2">
      {instance.state === 'stopped' && (
        <RowButton
          action={actions.start}
          accountId={accountId}
          fields={fields}
          label="Start"
          disabledReason={startDisabledReason}
        />
      )}
      {instance.state === 'running' && (
        <>
          <RowButton action={actions.stop} accountId={accountId} fields={fields} label="Stop" />
          <RowButton action={actions.reboot} accountId={accountId} fields={fields} label="Reboot" />
        </>
      )}
      {instance.state !== 'destroying' && (
        <ConfirmedDelete
          action={actions.remove}
          accountId={accountId}
          fields={fields}
          title={`Delete ${instance.name}?`}
          body={`${instance.name} and its disk are destroyed. This cannot be undone. Usage up to now is still charged.`}
        />
      )}
    </div>
  );
}

/** The instances of an account with the operations their state allows. */
export function InstanceTable({
  accountId,
  instances,
  actions,
  startDisabledReason,
}: {
  accountId: string;
  instances: Instance[];
  actions: InstanceActions;
  startDisabledReason?: string;
}) {
  return (
    <DataTable columns={COLUMNS} cellX="px-4" scroll testId="instances-table">
      {instances.map((instance) => {
        const type = instanceType(instance.type);
        return (
          <tr
            key={instance.id}
            data-testid="instance-row"
            data-name={instance.name}
            data-state={instance.state}
          >
            <td className="px-4 py-3 font-medium whitespace-nowrap">{instance.name}</td>
            <td className="px-4 py-3 whitespace-nowrap">
              {type?.label ?? instance.type}
              {type && (
                <span className="block text-xs text-slate-500">
                  {type.cpus} vCPU · {type.memoryGb} GB · {type.diskGb} GB disk
                </span>
              )}
            </td>
            <td className="px-4 py-3 font-mono text-xs whitespace-nowrap">{instance.zone}</td>
            <td className="px-4 py-3">
              <InstanceStateBadge state={instance.state} />
            </td>
            <td className="px-4 py-3 text-right whitespace-nowrap tabular-nums">
              {formatHourly(hourlyPrice(instance))}
              {instance.state === 'stopped' && (
                <span className="block text-xs text-slate-500">disk only</span>
              )}
            </td>
            <CreatedCell at={instance.createdAt} />
            <td className="px-4 py-3">
              <InstanceOperations
                accountId={accountId}
                instance={instance}
                actions={actions}
                startDisabledReason={startDisabledReason}
              />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
