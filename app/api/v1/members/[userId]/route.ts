import { changeMemberRoleEndpoint, removeMemberEndpoint } from '@/lib/api/endpoints/members';

export const PATCH = changeMemberRoleEndpoint.handle;
export const DELETE = removeMemberEndpoint.handle;
