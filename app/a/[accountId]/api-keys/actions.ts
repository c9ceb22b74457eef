'use server';

import { accountAction } from '@/lib/actions';
import {
  createApiKeyDefinition,
  revokeApiKeyDefinition,
  revokeMemberApiKeyDefinition,
  rotateApiKeyDefinition,
} from '@/lib/api-keys/actions';

export const createApiKeyAction = accountAction(createApiKeyDefinition);
export const rotateApiKeyAction = accountAction(rotateApiKeyDefinition);
export const revokeApiKeyAction = accountAction(revokeApiKeyDefinition);
export const revokeMemberApiKeyAction = accountAction(revokeMemberApiKeyDefinition);
