'use server';

import { accountAction } from '@/lib/actions';
import {
  createOrganizationDefinition,
  leaveOrganizationDefinition,
  updateAccountDetailsDefinition,
} from '@/lib/account-actions';

export const createOrganizationAction = accountAction(createOrganizationDefinition);
export const updateAccountDetailsAction = accountAction(updateAccountDetailsDefinition);
export const leaveOrganizationAction = accountAction(leaveOrganizationDefinition);
