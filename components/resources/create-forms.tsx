import { ActionForm, type FieldSpec } from '@/components/ui/action-form';
import { FormPanel } from '@/components/ui/form-panel';
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

/** A create form in its panel: a name, `extraFields`, a zone; the inputs clear on success. */
function CreatePanel({
  accountId,
  action,
  disabledReason,
  noun,
  className,
  name,
  extraFields = [],
}: CreatePanelProps & {
  noun: 'instance' | 'bucket';
  className: string;
  name: { label: string; hint: string };
  extraFields?: FieldSpec[];
}) {
  const title = noun === 'instance' ? 'Create an instance' : 'Create a bucket';
  return (
    <FormPanel titleId={`create-${noun}-title`} title={title} className={className}>
      <ActionForm
        action={action}
        submitLabel={`Create ${noun}`}
        pendingLabel="Creating…"
        resetOnSuccess
        disabledReason={disabledReason}
        fields={[
          { name: 'accountId', label: '', type: 'hidden', defaultValue: accountId },
          { name: 'name', ...name, autoComplete: 'off' },
          ...extraFields,
          { name: 'zone', label: 'Zone', type: 'select', options: ZONE_OPTIONS },
        ]}
      />
    </FormPanel>
  );
}

/** Create an instance: a name, a type from the catalog (with its price) and a zone. */
export function CreateInstancePanel(props: CreatePanelProps) {
  return (
    <CreatePanel
      {...props}
      noun="instance"
      className="h-fit lg:col-span-2"
      name={{ label: 'Name', hint: 'A hostname: letters, digits and hyphens.' }}
      extraFields={[{ name: 'type', label: 'Type', type: 'select', options: TYPE_OPTIONS }]}
    />
  );
}

/** Create a bucket: a globally unique DNS-compatible name and a zone. */
export function CreateBucketPanel(props: CreatePanelProps) {
  return (
    <CreatePanel
      {...props}
      noun="bucket"
      className="max-w-md"
      name={{
        label: 'Bucket name',
        hint: '3–63 lowercase letters, digits and hyphens; unique across all accounts (it becomes a DNS name).',
      }}
    />
  );
}
