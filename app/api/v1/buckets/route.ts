import { createBucketEndpoint, listBucketsEndpoint } from '@/lib/api/endpoints/buckets';

export const GET = listBucketsEndpoint.handle;
export const POST = createBucketEndpoint.handle;
