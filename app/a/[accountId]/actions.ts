'use server';

import { accountAction } from '@/lib/actions';
import {
  createOrganizationDefinition,
  leaveOrganizationDefinition,
  updateAccountDetailsDefinition,
} from '@/lib/accounts/actions';
import {
  inviteMembersDefinition,
  resendInvitationDefinition,
  revokeInvitationDefinition,
} from '@/lib/invitations/actions';
import { changeRoleDefinition, removeMemberDefinition } from '@/lib/members/actions';

export const createOrganizationAction = accountAction(createOrganizationDefinition);
export const updateAccountDetailsAction = accountAction(updateAccountDetailsDefinition);
export const leaveOrganizationAction = accountAction(leaveOrganizationDefinition);

export const inviteMembersAction = accountAction(inviteMembersDefinition);
export const resendInvitationAction = accountAction(resendInvitationDefinition);
export const revokeInvitationAction = accountAction(revokeInvitationDefinition);
export const changeRoleAction = accountAction(changeRoleDefinition);
export const removeMemberAction = accountAction(removeMemberDefinition);
