import { revokeInvitationEndpoint } from '@/lib/api/endpoints/invitations';

export const DELETE = revokeInvitationEndpoint.handle;
