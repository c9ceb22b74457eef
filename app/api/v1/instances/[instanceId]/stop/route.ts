import { stopInstanceEndpoint } from '@/lib/api/endpoints/instances';

export const POST = stopInstanceEndpoint.handle;
