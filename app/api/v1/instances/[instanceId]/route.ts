import { deleteInstanceEndpoint, getInstanceEndpoint } from '@/lib/api/endpoints/instances';

export const GET = getInstanceEndpoint.handle;
export const DELETE = deleteInstanceEndpoint.handle;
