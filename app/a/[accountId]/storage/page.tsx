import { getDb } from '@/db/client';
import { BucketTable } from '@/components/resources/bucket-table';
import { CreateBucketPanel } from '@/components/resources/create-forms';
import { Pager } from '@/components/resources/pager';
import { EmptyState, Panel } from '@/components/ui/table';
import { requireConsolePage } from '@/lib/authz/page';
import { BUCKET_HOURLY_RATE } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';
import { listBuckets, resourceCounts } from '@/lib/resources/queries';
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
  const db = await getDb();
  const cursor = typeof after === 'string' ? after : null;
  const [page, counts] = await Promise.all([
    listBuckets(db, account.id, { after: cursor }),
    resourceCounts(db, account.id),
  ]);
  const disabledReason =
    account.status === 'suspended'
      ? 'The account is SUSPENDED: make a payment to create buckets.'
      : counts.buckets >= account.bucketQuota
        ? `The quota of ${account.bucketQuota} buckets is reached: delete one first.`
        : undefined;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Storage</h1>
        <p className="mt-1 text-sm text-slate-600">
          Object storage buckets, {formatHourly(BUCKET_HOURLY_RATE)} each whatever they hold.{' '}
          <span data-testid="bucket-quota">
            {counts.buckets} of {account.bucketQuota} buckets used.
          </span>
        </p>
      </div>
      <div className="space-y-6">
        <Panel titleId="buckets-title" title="Buckets">
          {page.items.length === 0 ? (
            <EmptyState testId="no-buckets" padding="py-10">
              {cursor ? 'No older buckets.' : 'No buckets yet. Create one to store objects.'}
            </EmptyState>
          ) : (
            <BucketTable
              accountId={account.id}
              buckets={page.items}
              deleteAction={deleteBucketAction}
            />
          )}
          <Pager
            basePath={`/a/${account.id}/storage`}
            isFirstPage={!cursor}
            nextCursor={page.nextCursor}
          />
        </Panel>
        <CreateBucketPanel
          accountId={account.id}
          action={createBucketAction}
          disabledReason={disabledReason}
        />
      </div>
    </div>
  );
}
