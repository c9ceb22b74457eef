import { listMembersEndpoint } from '@/lib/api/endpoints/members';

export const GET = listMembersEndpoint.handle;
