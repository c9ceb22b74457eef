import type { Endpoint } from '../endpoint';
import { getAccount, updateAccount } from './account';
import { listAuditEventsEndpoint } from './audit-events';
import {
  createBucketEndpoint,
  deleteBucketEndpoint,
  getBucketEndpoint,
  listBucketsEndpoint,
} from './buckets';
import {
  createInstanceEndpoint,
  deleteInstanceEndpoint,
  getInstanceEndpoint,
  listInstancesEndpoint,
  rebootInstanceEndpoint,
  startInstanceEndpoint,
  stopInstanceEndpoint,
} from './instances';
import { createInvitationsEndpoint, revokeInvitationEndpoint } from './invitations';
import { changeMemberRoleEndpoint, listMembersEndpoint, removeMemberEndpoint } from './members';
import { createPaymentEndpoint, listPaymentsEndpoint } from './payments';

/** Every endpoint of /api/v1: the OpenAPI document is generated from this list. */
export const ENDPOINTS: readonly Endpoint[] = [
  getAccount,
  updateAccount,
  listMembersEndpoint,
  changeMemberRoleEndpoint,
  removeMemberEndpoint,
  createInvitationsEndpoint,
  revokeInvitationEndpoint,
  listPaymentsEndpoint,
  createPaymentEndpoint,
  listAuditEventsEndpoint,
  listInstancesEndpoint,
  getInstanceEndpoint,
  createInstanceEndpoint,
  startInstanceEndpoint,
  stopInstanceEndpoint,
  rebootInstanceEndpoint,
  deleteInstanceEndpoint,
  listBucketsEndpoint,
  getBucketEndpoint,
  createBucketEndpoint,
  deleteBucketEndpoint,
];
