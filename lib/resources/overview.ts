import { getDb, type DbOrTx } from '@/db/client';
import type { Account } from '@/db/schema';
import { listBuckets, listInstances, resourceCounts, type ResourcePage } from './queries';

// What the Compute and Storage pages show: a page of the account's instances or buckets, how
// much of its quota is used, and why creating one is not possible right now (the form is
// disabled with that reason; the server refuses regardless).

export interface ResourceOverview<T> {
  page: ResourcePage<T>;
  used: number;
  quota: number;
  /** Why nothing can be started (a suspended account). */
  startBlocked?: string;
  /** Why nothing can be created (a suspended account, or the quota is reached). */
  createBlocked?: string;
}

const KINDS = {
  instances: {
    list: listInstances,
    quota: (account: Account) => account.instanceQuota,
    suspended: 'create or start instances',
  },
  buckets: {
    list: listBuckets,
    quota: (account: Account) => account.bucketQuota,
    suspended: 'create buckets',
  },
};

type Kind = keyof typeof KINDS;
type ItemOf<K extends Kind> = Awaited<ReturnType<(typeof KINDS)[K]['list']>>['items'][number];

/**
 * The Compute (`instances`) or Storage (`buckets`) page's data; `after` is the list's cursor
 * (null: the first page).
 */
export async function resourceOverview<K extends Kind>(
  kind: K,
  account: Account,
  after: string | null,
  db: DbOrTx | null = null,
): Promise<ResourceOverview<ItemOf<K>>> {
  const tx = db ?? (await getDb());
  const { list, quota: quotaOf, suspended } = KINDS[kind];
  const [page, counts] = await Promise.all([
    list(tx, account.id, { after }) as Promise<ResourcePage<ItemOf<K>>>,
    resourceCounts(tx, account.id),
  ]);
  const used = counts[kind];
  const quota = quotaOf(account);
  const startBlocked =
    account.status === 'suspended'
      ? `The account is SUSPENDED: make a payment to ${suspended}.`
      : undefined;
  const full =
    used >= quota ? `The quota of ${quota} ${kind} is reached: delete one first.` : undefined;
  return { page, used, quota, startBlocked, createBlocked: startBlocked ?? full };
}
