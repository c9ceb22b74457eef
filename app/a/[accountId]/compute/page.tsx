import { getDb } from '@/db/client';
import { ActionForm } from '@/components/action-form';
import { AutoRefresh } from '@/components/resources/auto-refresh';
import { CatalogTable } from '@/components/resources/catalog-table';
import { InstanceTable } from '@/components/resources/instance-table';
import { Pager } from '@/components/resources/pager';
import { EmptyState, Panel } from '@/components/table';
import { requirePageAccess } from '@/lib/authz/page';
import { INSTANCE_TYPES, ZONES } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';
import { isTransitional } from '@/lib/resources/lifecycle';
import { listInstances, resourceCounts } from '@/lib/resources/queries';
import {
  createInstanceAction,
  deleteInstanceAction,
  rebootInstanceAction,
  startInstanceAction,
  stopInstanceAction,
} from './actions';

export const metadata = { title: 'Compute' };

const TYPE_OPTIONS = INSTANCE_TYPES.map(
  (t) =>
    [
      t.id,
      `${t.label} — ${t.cpus} vCPU, ${t.memoryGb} GB, ${t.diskGb} GB disk — ${formatHourly(t.hourlyRate)}`,
    ] as const,
);
const ZONE_OPTIONS = ZONES.map((z) => [z.id, z.label] as const);

export default async function ComputePage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const { accountId } = await params;
  const { after } = await searchParams;
  const { account } = await requirePageAccess(accountId, 'resources.manage');
  const db = await getDb();
  const cursor = typeof after === 'string' ? after : null;
  const [page, counts] = await Promise.all([
    listInstances(db, account.id, { after: cursor }),
    resourceCounts(db, account.id),
  ]);
  const suspended = account.status === 'suspended';
  const suspendedReason = suspended
    ? 'The account is SUSPENDED: make a payment to create or start instances.'
    : undefined;
  const quotaReason =
    counts.instances >= account.instanceQuota
      ? `The quota of ${account.instanceQuota} instances is reached: delete one first.`
      : undefined;
  const base = `/a/${account.id}/compute`;

  return (
    <div className="space-y-8">
      <AutoRefresh active={page.items.some((i) => isTransitional(i.state))} />
      <div>
        <h1 className="text-2xl font-semibold">Compute</h1>
        <p className="mt-1 text-sm text-slate-600">
          Instances run on the account’s funds, billed by the hour: the full price while they run,
          the disk only while stopped.{' '}
          <span data-testid="instance-quota">
            {counts.instances} of {account.instanceQuota} instances used.
          </span>
        </p>
      </div>
      <Panel titleId="instances-title" title="Instances">
        {page.items.length === 0 ? (
          <EmptyState testId="no-instances" padding="py-10">
            {cursor ? 'No older instances.' : 'No instances yet. Create one below to get started.'}
          </EmptyState>
        ) : (
          <InstanceTable
            accountId={account.id}
            instances={page.items}
            startDisabledReason={suspendedReason}
            actions={{
              start: startInstanceAction,
              stop: stopInstanceAction,
              reboot: rebootInstanceAction,
              remove: deleteInstanceAction,
            }}
          />
        )}
        <Pager basePath={base} isFirstPage={!cursor} nextCursor={page.nextCursor} />
      </Panel>
      <div className="grid gap-6 lg:grid-cols-5">
        <section
          aria-labelledby="create-instance-title"
          className="h-fit rounded-lg border border-slate-200 bg-white p-5 lg:col-span-2"
        >
          <h2 id="create-instance-title" className="mb-4 font-medium">
            Create an instance
          </h2>
          <ActionForm
            action={createInstanceAction}
            submitLabel="Create instance"
            pendingLabel="Creating…"
            resetOnSuccess
            disabledReason={suspendedReason ?? quotaReason}
            fields={[
              { name: 'accountId', label: '', type: 'hidden', defaultValue: account.id },
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
        <Panel titleId="catalog-title" title="Catalog" className="h-fit lg:col-span-3">
          <CatalogTable />
        </Panel>
      </div>
    </div>
  );
}
