import { AutoRefresh } from '@/components/resources/auto-refresh';
import { CatalogTable } from '@/components/resources/catalog-table';
import { CreateInstancePanel } from '@/components/resources/create-forms';
import { InstanceTable } from '@/components/resources/instance-table';
import { ResourceListPanel, ResourcePageHeader } from '@/components/resources/resource-list';
import { Panel } from '@/components/ui/table';
import { requireConsolePage } from '@/lib/authz/page';
import { isTransitional } from '@/lib/resources/lifecycle';
import { resourceOverview } from '@/lib/resources/overview';
import {
  createInstanceAction,
  deleteInstanceAction,
  rebootInstanceAction,
  startInstanceAction,
  stopInstanceAction,
} from './actions';

export const metadata = { title: 'Compute' };

const ACTIONS = {
  start: startInstanceAction,
  stop: stopInstanceAction,
  reboot: rebootInstanceAction,
  remove: deleteInstanceAction,
};

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
  const cursor = typeof after === 'string' ? after : null;
  const { page, used, quota, startBlocked, createBlocked } = await resourceOverview(
    'instances',
    account,
    cursor,
  );
  return (
    <div className="space-y-8">
      <AutoRefresh active={page.items.some((i) => isTransitional(i.state))} />
      <ResourcePageHeader
        title="Compute"
        intro="Instances run on the account’s funds, billed by the hour: the full price while they run, the disk only while stopped."
        used={used}
        quota={quota}
        noun="instances"
      />
      <ResourceListPanel
        noun="instances"
        title="Instances"
        basePath={`/a/${account.id}/compute`}
        cursor={cursor}
        nextCursor={page.nextCursor}
        empty={page.items.length === 0}
        emptyText="No instances yet. Create one below to get started."
      >
        <InstanceTable
          accountId={account.id}
          instances={page.items}
          startDisabledReason={startBlocked}
          actions={ACTIONS}
        />
      </ResourceListPanel>
      <div className="grid gap-6 lg:grid-cols-5">
        <CreateInstancePanel
          accountId={account.id}
          action={createInstanceAction}
          disabledReason={createBlocked}
        />
        <Panel titleId="catalog-title" title="Catalog" className="h-fit lg:col-span-3">
          <CatalogTable />
        </Panel>
      </div>
    </div>
  );
}
