import { deleteBucketEndpoint, getBucketEndpoint } from '@/lib/api/endpoints/buckets';

export const GET = getBucketEndpoint.handle;
export const DELETE = deleteBucketEndpoint.handle;
