import { createInstanceEndpoint, listInstancesEndpoint } from '@/lib/api/endpoints/instances';

export const GET = listInstancesEndpoint.handle;
export const POST = createInstanceEndpoint.handle;
