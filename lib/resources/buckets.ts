import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { bucketNames, buckets, type Account, type Bucket } from '@/db/schema';
import { accrue } from '@/lib/billing/accrual';
import { DomainError } from '@/lib/errors';
import { BUCKET_HOURLY_RATE } from './catalog';
import { refuseWhenSuspended, ResourceNotFoundError } from './errors';
import type { createBucketSchema } from './schemas';

/**
 * Creates a bucket. Its name is claimed in bucket_names (global, primary key on the name)
 * with `on conflict do nothing`: of two concurrent creates with one name, the second waits on
 * the key and then finds it taken — a clear error, never a 500, and nothing written.
 */
export async function createBucket(
  tx: DbOrTx,
  account: Account,
  userId: string,
  input: z.output<typeof createBucketSchema>,
  at: Date,
): Promise<Bucket> {
  refuseWhenSuspended(account, 'creating a bucket');
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(buckets)
    .where(and(eq(buckets.accountId, account.id), eq(buckets.state, 'active')));
  if (Number(row?.n ?? 0) >= account.bucketQuota) {
    throw new DomainError(
      `This account has reached its quota of ${account.bucketQuota} buckets. Delete one first, or ask support to raise the quota.`,
    );
  }
  const id = randomUUID();
  const claimed = await tx
    .insert(bucketNames)
    .values({ name: input.name, accountId: account.id, bucketId: id })
    .onConflictDoNothing()
    .returning({ name: bucketNames.name });
  if (claimed.length === 0) {
    throw new DomainError(
      `The name “${input.name}” is taken. Bucket names are unique across all accounts: choose another.`,
      'name',
    );
  }
  const [bucket] = await tx
    .insert(buckets)
    .values({
      accountId: account.id,
      id,
      name: input.name,
      zone: input.zone,
      rate: BUCKET_HOURLY_RATE,
      meteredUntil: at,
      createdByUserId: userId,
      createdAt: at,
    })
    .returning();
  if (!bucket) throw new Error('bucket insert returned no row');
  return bucket;
}

/** Deletes a bucket: charged up to now, then gone from the list, its name free again. */
export async function deleteBucket(
  tx: DbOrTx,
  accountId: string,
  bucketId: string,
  at: Date,
): Promise<Bucket> {
  const [current] = await tx
    .select()
    .from(buckets)
    .where(
      and(eq(buckets.accountId, accountId), eq(buckets.id, bucketId), eq(buckets.state, 'active')),
    )
    .for('update');
  if (!current) throw new ResourceNotFoundError();
  await accrue(tx, 'buckets', { accountIds: [accountId], at, where: sql`r.id = ${current.id}` });
  const [bucket] = await tx
    .update(buckets)
    .set({ state: 'deleted', deletedAt: at })
    .where(and(eq(buckets.accountId, accountId), eq(buckets.id, current.id)))
    .returning();
  await tx
    .delete(bucketNames)
    .where(and(eq(bucketNames.name, current.name), eq(bucketNames.bucketId, current.id)));
  if (!bucket) throw new Error('bucket update returned no row');
  return bucket;
}
