import { ActionForm } from '@/components/ui/action-form';
import type { FormState } from '@/lib/forms';
import { INSTANCE_TYPES, ZONES } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const TYPE_OPTIONS = INSTANCE_TYPES.map(
  (t) =>
    [
      t.id,
      `${t.label} — ${t.cpus} vCPU, ${t.memoryGb} GB, ${t.diskGb} GB disk — ${formatHourly(t.hourlyRate)}`,
    ] as const,
);
const ZONE_OPTIONS = ZONES.map((z) => [z.id, z.label] as const);

interface CreatePanelProps {
  accountId: string;
  action: Action;
  /** Set when creating is not possible (suspended, quota): the button is disabled with it. */
  disabledReason?: string;
}

/** Create an instance: a name, a type from the catalog (with its price) and a zone. */
export function CreateInstancePanel({ accountId, action, disabledReason }: CreatePanelProps) {
  return (
    <section
      aria-labelledby="create-instance-title"
      className="h-fit rounded-lg border border-slate-200 bg-white p-5 lg:col-span-2"
    >
      <h2 id="create-instance-title" className="mb-4 font-medium">
        Create an instance
      </h2>
      <ActionForm
        action={action}
        submitLabel="Create instance"
        pendingLabel="Creating…"
        resetOnSuccess
        disabledReason={disabledReason}
        fields={[
          { name: 'accountId', label: '', type: 'hidden', defaultValue: accountId },
          {
            name: 'name',
            label: 'Name',
            hint: 'A hostname: letters, digits and hyphens.',
            autoComplete: 'off',
          },
          { name: 'type', label: 'Type', type: 'select', options: TYPE_OPTIONS },
          { name: 'zone', label: 'Zone', type: 'select', options: ZONE_OPTIONS },
        ]}
      />
    </section>
  );
}

/** Create a bucket: a globally unique DNS-compatible name and a zone. */
export function CreateBucketPanel({ accountId, action, disabledReason }: CreatePanelProps) {
  return (
    <section
      aria-labelledby="create-bucket-title"
      className="max-w-md rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="create-bucket-title" className="mb-4 font-medium">
        Create a bucket
      </h2>
      <ActionForm
        action={action}
        submitLabel="Create bucket"
        pendingLabel="Creating…"
        resetOnSuccess
        disabledReason={disabledReason}
        fields={[
          { name: 'accountId', label: '', type: 'hidden', defaultValue: accountId },
          {
            name: 'name',
            label: 'Bucket name',
            hint: '3–63 lowercase letters, digits and hyphens; unique across all accounts (it becomes a DNS name).',
            autoComplete: 'off',
          },
          { name: 'zone', label: 'Zone', type: 'select', options: ZONE_OPTIONS },
        ]}
      />
    </section>
  );
}
