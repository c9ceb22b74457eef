import { z } from 'zod';
import { getDb } from '@/db/client';
import { type Bucket } from '@/db/schema';
import type { AccessContext } from '@/lib/authz/access';
import { createBucketDefinition, deleteBucketDefinition } from '@/lib/resources/actions';
import { ZONE_IDS } from '@/lib/resources/catalog';
import { getBucket, listBuckets } from '@/lib/resources/queries';
import { createBucketSchema } from '@/lib/resources/schemas';
import { runAction } from '../actions';
import { defineEndpoint } from '../endpoint';
import { ApiError, MESSAGES } from '../errors';
import { apiMoney } from '../money';
import { created, noContent, ok } from '../route';
import { moneySchema, pageOf, timestampSchema } from '../schemas';
import { resourceCursor, resourcePageQuery } from './resource-pages';

// Object storage buckets (Owner, Tech): list, read, create and delete, each change through
// the console's own action definitions. Names are global (unique across all accounts);
// another account's bucket id is a 404.

export const bucketSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string().meta({ example: 'acme-backups' }),
    zone: z.enum(ZONE_IDS),
    objectCount: z.number().int().nonnegative(),
    sizeBytes: z.number().int().nonnegative(),
    rate: moneySchema.meta({ description: 'Per hour, whatever the bucket holds.' }),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Bucket' });

function presentBucket(bucket: Bucket, currency: string): z.output<typeof bucketSchema> {
  return {
    id: bucket.id,
    name: bucket.name,
    zone: bucket.zone as z.output<typeof bucketSchema>['zone'],
    objectCount: bucket.objectCount,
    sizeBytes: bucket.sizeBytes,
    rate: apiMoney(bucket.rate, currency),
    createdAt: bucket.createdAt.toISOString(),
  };
}

/** The account's live bucket `id` as the API shows it, or a 404. */
async function bucketReply(access: AccessContext, id: string) {
  const bucket = await getBucket(await getDb(), access.account.id, id);
  if (!bucket) throw new ApiError('not_found', MESSAGES.not_found);
  return presentBucket(bucket, access.account.currency);
}

export const listBucketsEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/buckets',
    tag: 'Storage',
    summary: 'List buckets',
    description: 'The account’s buckets, newest first.',
    permission: 'resources.manage',
    query: resourcePageQuery,
    success: { status: 200, description: 'One page of buckets.', schema: pageOf(bucketSchema) },
  },
  async ({ access, query }) => {
    const result = await listBuckets(await getDb(), access.account.id, {
      after: resourceCursor(query.cursor),
      limit: query.limit,
    });
    return ok({
      data: result.items.map((b) => presentBucket(b, access.account.currency)),
      next_cursor: result.nextCursor,
    });
  },
);

const bucketParams = z.object({ bucketId: z.uuid() });

export const getBucketEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/buckets/{bucketId}',
    tag: 'Storage',
    summary: 'Get a bucket',
    permission: 'resources.manage',
    params: bucketParams,
    success: { status: 200, description: 'The bucket.', schema: bucketSchema },
    errors: [404],
  },
  async ({ access, params }) => ok(await bucketReply(access, params.bucketId!)),
);

export const createBucketEndpoint = defineEndpoint(
  {
    method: 'POST',
    path: '/buckets',
    tag: 'Storage',
    summary: 'Create a bucket',
    description:
      'Bucket names are DNS names, unique across all accounts (a taken name is a 422 on ' +
      '`name`). Refused with 409 `account_suspended` while the account is SUSPENDED, and ' +
      'with 422 when the account’s bucket quota is reached.',
    permission: 'resources.manage',
    body: createBucketSchema.strict(),
    idempotent: 'optional',
    success: { status: 201, description: 'The new bucket.', schema: bucketSchema },
    errors: [409, 422],
  },
  async ({ access, principal, ip, body }) => {
    const accountId = access.account.id;
    const outcome = await runAction(createBucketDefinition, { principal, accountId, ip }, body);
    const { id } = outcome.data as { id: string };
    return created(await bucketReply(access, id));
  },
);

export const deleteBucketEndpoint = defineEndpoint(
  {
    method: 'DELETE',
    path: '/buckets/{bucketId}',
    tag: 'Storage',
    summary: 'Delete a bucket',
    description: 'Charged up to now, then gone; its name is free again.',
    permission: 'resources.manage',
    params: bucketParams,
    idempotent: 'optional',
    success: { status: 204, description: 'Deleted.' },
    errors: [404],
  },
  async ({ access, principal, ip, params }) => {
    const accountId = access.account.id;
    await runAction(
      deleteBucketDefinition,
      { principal, accountId, ip },
      { bucketId: params.bucketId },
    );
    return noContent();
  },
);
