import { rebootInstanceEndpoint } from '@/lib/api/endpoints/instances';

export const POST = rebootInstanceEndpoint.handle;
