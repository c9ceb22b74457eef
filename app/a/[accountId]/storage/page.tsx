import { getDb } from '@/db/client';
import { ActionForm } from '@/components/action-form';
import { BucketTable } from '@/components/resources/bucket-table';
import { Pager } from '@/components/resources/pager';
import { EmptyState, Panel } from '@/components/table';
import { requirePageAccess } from '@/lib/authz/page';
import { BUCKET_HOURLY_RATE, ZONES } from '@/lib/resources/catalog';
import { formatHourly } from '@/lib/resources/format';
import { listBuckets, resourceCounts } from '@/lib/resources/queries';
import { createBucketAction, deleteBucketAction } from '../compute/actions';

export const metadata = { title: 'Storage' };

const ZONE_OPTIONS = ZONES.map((z) => [z.id, z.label] as const);

export default async function StoragePage({
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
        <section
          aria-labelledby="create-bucket-title"
          className="max-w-md rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="create-bucket-title" className="mb-4 font-medium">
            Create a bucket
          </h2>
          <ActionForm
            action={createBucketAction}
            submitLabel="Create bucket"
            pendingLabel="Creating…"
            resetOnSuccess
            disabledReason={disabledReason}
            fields={[
              { name: 'accountId', label: '', type: 'hidden', defaultValue: account.id },
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
      </div>
    </div>
  );
}
