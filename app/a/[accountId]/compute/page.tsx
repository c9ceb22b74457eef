import { getDb } from '@/db/client';
import { AutoRefresh } from '@/components/resources/auto-refresh';
import { CatalogTable } from '@/components/resources/catalog-table';
import { CreateInstancePanel } from '@/components/resources/create-forms';
import { InstanceTable } from '@/components/resources/instance-table';
import { Pager } from '@/components/resources/pager';
import { EmptyState, Panel } from '@/components/ui/table';
import { requireConsolePage } from '@/lib/authz/page';
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

export default async function ComputePage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const { accountId } = await params;
  const { after } = await searchParams;
  const { account } = await requireConsolePage(accountId, 'compute');
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
        <CreateInstancePanel
          accountId={account.id}
          action={createInstanceAction}
          disabledReason={suspendedReason ?? quotaReason}
        />
        <Panel titleId="catalog-title" title="Catalog" className="h-fit lg:col-span-3">
          <CatalogTable />
        </Panel>
      </div>
    </div>
  );
}
