'use server';

import { accountAction } from '@/lib/actions';
import {
  createBucketDefinition,
  createInstanceDefinition,
  deleteBucketDefinition,
  deleteInstanceDefinition,
  rebootInstanceDefinition,
  startInstanceDefinition,
  stopInstanceDefinition,
} from '@/lib/resources/actions';

export const createInstanceAction = accountAction(createInstanceDefinition);
export const startInstanceAction = accountAction(startInstanceDefinition);
export const stopInstanceAction = accountAction(stopInstanceDefinition);
export const rebootInstanceAction = accountAction(rebootInstanceDefinition);
export const deleteInstanceAction = accountAction(deleteInstanceDefinition);
export const createBucketAction = accountAction(createBucketDefinition);
export const deleteBucketAction = accountAction(deleteBucketDefinition);
