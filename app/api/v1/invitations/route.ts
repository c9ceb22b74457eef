import { createInvitationsEndpoint } from '@/lib/api/endpoints/invitations';

export const POST = createInvitationsEndpoint.handle;
