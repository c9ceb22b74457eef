import { BucketTable } from '@/components/resources/bucket-table';
import { CreateBucketPanel } from '@/components/resources/create-forms';
import { ResourceListPanel, ResourcePageHeader } from '@/components/resources/resource-list';
import { requireConsolePage } from '@/lib/authz/page';
import { BUCKET_HOURLY_RATE } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';
import { resourceOverview } from '@/lib/resources/overview';
import { createBucketAction, deleteBucketAction } from '../compute/actions';

export const metadata = { title: 'Storage' };

export default async function StoragePage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const { accountId } = await params;
  const { after } = await searchParams;
  const { account } = await requireConsolePage(accountId, 'storage');
  const cursor = typeof after === 'string' ? after : null;
  const { page, used, quota, createBlocked } = await resourceOverview('buckets', account, cursor);
  return (
    <div className="space-y-8">
      <ResourcePageHeader
        title="Storage"
        intro={`Object storage buckets, ${formatHourly(BUCKET_HOURLY_RATE)} each whatever they hold.`}
        used={used}
        quota={quota}
        noun="buckets"
      />
      <div className="space-y-6">
        <ResourceListPanel
          noun="buckets"
          title="Buckets"
          basePath={`/a/${account.id}/storage`}
          cursor={cursor}
          nextCursor={page.nextCursor}
          empty={page.items.length === 0}
          emptyText="No buckets yet. Create one to store objects."
        >
          <BucketTable
            accountId={account.id}
            buckets={page.items}
            deleteAction={deleteBucketAction}
          />
        </ResourceListPanel>
        <CreateBucketPanel
          accountId={account.id}
          action={createBucketAction}
          disabledReason={createBlocked}
        />
      </div>
    </div>
  );
}
