import { startInstanceEndpoint } from '@/lib/api/endpoints/instances';

export const POST = startInstanceEndpoint.handle;
