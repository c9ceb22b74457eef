import type { z } from 'zod';
import {
  createOrganizationDefinition,
  leaveOrganizationDefinition,
  updateAccountDetailsDefinition,
} from '@/lib/accounts/actions';
import type { AccountActionDefinition } from '@/lib/actions/core';
import type { Permission } from '@/lib/authz/permissions';
import {
  createApiKeyDefinition,
  revokeApiKeyDefinition,
  revokeMemberApiKeyDefinition,
  rotateApiKeyDefinition,
} from '@/lib/api-keys/actions';
import { paymentDefinition } from '@/lib/billing/payments';
import { TEST_CARDS, testCardProvider } from '@/lib/billing/providers/test-card';
import {
  inviteMembersDefinition,
  resendInvitationDefinition,
  revokeInvitationDefinition,
} from '@/lib/invitations/actions';
import { changeRoleDefinition, removeMemberDefinition } from '@/lib/members/actions';
import { setLowBalanceThresholdDefinition } from '@/lib/billing/threshold';
import {
  createBucketDefinition,
  createInstanceDefinition,
  deleteBucketDefinition,
  deleteInstanceDefinition,
  rebootInstanceDefinition,
  startInstanceDefinition,
  stopInstanceDefinition,
} from '@/lib/resources/actions';

// Every door into the server — each exported server action (a function of a 'use server'
// module) and each route handler — with what it requires. test/registry.test.ts scans the
// source and fails when a door exists that is not listed here (or a listed one is gone);
// test/matrix.int.test.ts calls every account action as each kind of caller and checks the
// answer against the permission table; the fuzz tests feed every schema listed here.
// A new action or route is one entry here.

/** Who may pass a door that does not go through the account action pipeline. */
export type OpenRequirement =
  /** Anyone (sign-up, sign-in, links from emails): throttled and validated, not authorized. */
  | 'public'
  /** A signed-in user acting on themselves only (their sessions, their invitations). */
  | 'signed-in'
  /** A request signed by a provider (webhooks): the signature is the authorization. */
  | 'provider-signature'
  /** Exists only on a server started for end-to-end tests (ALPENGLOW_TEST_CLOCK=1); else 404. */
  | 'test-only';

/** The objects of the matrix's world an action's input may name (see test/matrix-world.ts). */
export interface MatrixObjects {
  /** A tech member of the organization acted on (a target for role changes and removal). */
  memberId: string;
  /** A pending invitation of the organization acted on. */
  invitationId: string;
  /** An instance of the organization (just created: starting). */
  instanceId: string;
  /** A bucket of the organization. */
  bucketId: string;
}

export interface PipelineSpec<S extends z.ZodType = z.ZodType> {
  definition: AccountActionDefinition<S>;
  /** A valid input naming these objects (the matrix passes another account's objects too). */
  input: (objects: MatrixObjects) => Record<string, unknown>;
  /** True when the input names an object of the account (a member, an invitation). */
  namesObjects: boolean;
  /**
   * The domain's answer to an allowed call on organization A (funded, active) when it is not
   * success: e.g. stopping an instance that is still starting is refused by its lifecycle.
   */
  outcomeOnA?: 'rejected';
  /** Allowed elsewhere (suspended accounts) the domain refuses too: no resources there. */
  onlyOnA?: boolean;
}

export type ServerActionEntry =
  | {
      module: string;
      name: string;
      permission: Permission;
      /** How the matrix calls it: the definition the exported action wraps. */
      pipeline: PipelineSpec;
    }
  | { module: string; name: string; requires: OpenRequirement; reason: string };

export interface RouteEntry {
  file: string;
  methods: Partial<
    Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Permission | OpenRequirement>
  >;
}

const ACCOUNT_ACTIONS = 'app/a/[accountId]/actions.ts';
const COMPUTE_ACTIONS = 'app/a/[accountId]/compute/actions.ts';
const API_KEY_ACTIONS = 'app/a/[accountId]/api-keys/actions.ts';
const AUTH_ACTIONS = 'app/(auth)/actions.ts';
const INVITATION_ACTIONS = 'app/(auth)/invitations/actions.ts';
const SECURITY_ACTIONS = 'app/a/[accountId]/security/actions.ts';

const organizationInput = {
  name: 'Matrix Org',
  billingName: 'Matrix AG',
  billingAddressLine1: 'Bahnhofstrasse 1',
  billingPostalCode: '8001',
  billingCity: 'Zürich',
  billingCountry: 'CH',
  billingEmail: 'billing@matrix.example',
};

let paymentAttempt = 0;
const freshIdempotencyKey = () =>
  `matrix-${process.pid}-${Date.now()}-${++paymentAttempt}`.padEnd(16, '0');

function pipeline<S extends z.ZodType>(spec: PipelineSpec<S>): PipelineSpec {
  return spec as unknown as PipelineSpec;
}

export const SERVER_ACTIONS: readonly ServerActionEntry[] = [
  {
    module: ACCOUNT_ACTIONS,
    name: 'createOrganizationAction',
    permission: 'organization.create',
    pipeline: pipeline({
      definition: createOrganizationDefinition,
      input: () => organizationInput,
      namesObjects: false,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'updateAccountDetailsAction',
    permission: 'account.edit',
    pipeline: pipeline({
      definition: updateAccountDetailsDefinition,
      input: () => ({ ...organizationInput, name: 'Renamed by the matrix' }),
      namesObjects: false,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'leaveOrganizationAction',
    permission: 'organization.leave',
    pipeline: pipeline({
      definition: leaveOrganizationDefinition,
      input: () => ({}),
      namesObjects: false,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'inviteMembersAction',
    permission: 'members.manage',
    pipeline: pipeline({
      definition: inviteMembersDefinition,
      input: () => ({ emails: `invitee-${++paymentAttempt}@matrix.test`, role: 'tech' }),
      namesObjects: false,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'resendInvitationAction',
    permission: 'members.manage',
    pipeline: pipeline({
      definition: resendInvitationDefinition,
      input: ({ invitationId }) => ({ invitationId }),
      namesObjects: true,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'revokeInvitationAction',
    permission: 'members.manage',
    pipeline: pipeline({
      definition: revokeInvitationDefinition,
      input: ({ invitationId }) => ({ invitationId }),
      namesObjects: true,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'changeRoleAction',
    permission: 'members.manage',
    pipeline: pipeline({
      definition: changeRoleDefinition,
      input: ({ memberId }) => ({ userId: memberId, role: 'admin' }),
      namesObjects: true,
    }),
  },
  {
    module: ACCOUNT_ACTIONS,
    name: 'removeMemberAction',
    permission: 'members.manage',
    pipeline: pipeline({
      definition: removeMemberDefinition,
      input: ({ memberId }) => ({ userId: memberId }),
      namesObjects: true,
    }),
  },
  {
    module: 'app/a/[accountId]/billing/actions.ts',
    name: 'makePaymentAction',
    permission: 'billing.manage',
    pipeline: pipeline({
      // The console's provider without STRIPE_SECRET_KEY (the e2e server's, too).
      definition: paymentDefinition(testCardProvider),
      input: () => ({
        amount: '50.00',
        idempotencyKey: freshIdempotencyKey(),
        cardNumber: TEST_CARDS.success,
        cardExpiry: '12/39',
        cardCvc: '123',
      }),
      namesObjects: false,
    }),
  },
  {
    module: 'app/a/[accountId]/billing/actions.ts',
    name: 'setLowBalanceThresholdAction',
    permission: 'billing.manage',
    pipeline: pipeline({
      definition: setLowBalanceThresholdDefinition,
      input: () => ({ threshold: '20.00' }),
      namesObjects: false,
    }),
  },
  {
    module: COMPUTE_ACTIONS,
    name: 'createInstanceAction',
    permission: 'resources.manage',
    pipeline: pipeline({
      definition: createInstanceDefinition,
      input: () => ({ name: 'matrix-web', type: 'micro', zone: 'ch-gva-2' }),
      namesObjects: false,
      onlyOnA: true,
    }),
  },
  ...(
    [
      ['startInstanceAction', startInstanceDefinition, 'rejected'],
      ['stopInstanceAction', stopInstanceDefinition, 'rejected'],
      ['rebootInstanceAction', rebootInstanceDefinition, 'rejected'],
      ['deleteInstanceAction', deleteInstanceDefinition, undefined],
    ] as const
  ).map(
    ([name, definition, outcomeOnA]): ServerActionEntry => ({
      module: COMPUTE_ACTIONS,
      name,
      permission: 'resources.manage',
      pipeline: pipeline({
        definition,
        input: ({ instanceId }) => ({ instanceId }),
        namesObjects: true,
        outcomeOnA,
      }),
    }),
  ),
  {
    module: COMPUTE_ACTIONS,
    name: 'createBucketAction',
    permission: 'resources.manage',
    pipeline: pipeline({
      definition: createBucketDefinition,
      input: () => ({ name: `matrix-${process.pid}-${++paymentAttempt}`, zone: 'ch-gva-2' }),
      namesObjects: false,
      onlyOnA: true,
    }),
  },
  {
    module: COMPUTE_ACTIONS,
    name: 'deleteBucketAction',
    permission: 'resources.manage',
    pipeline: pipeline({
      definition: deleteBucketDefinition,
      input: ({ bucketId }) => ({ bucketId }),
      namesObjects: true,
    }),
  },
  {
    module: API_KEY_ACTIONS,
    name: 'createApiKeyAction',
    permission: 'apiKey.manageOwn',
    pipeline: pipeline({
      definition: createApiKeyDefinition,
      input: () => ({}),
      namesObjects: false,
    }),
  },
  // Nobody in the matrix's world holds a key yet: rotating or revoking one is refused by the
  // domain wherever the permission allows the call.
  {
    module: API_KEY_ACTIONS,
    name: 'rotateApiKeyAction',
    permission: 'apiKey.manageOwn',
    pipeline: pipeline({
      definition: rotateApiKeyDefinition,
      input: () => ({}),
      namesObjects: false,
      outcomeOnA: 'rejected',
      onlyOnA: true,
    }),
  },
  {
    module: API_KEY_ACTIONS,
    name: 'revokeApiKeyAction',
    permission: 'apiKey.manageOwn',
    pipeline: pipeline({
      definition: revokeApiKeyDefinition,
      input: () => ({}),
      namesObjects: false,
      outcomeOnA: 'rejected',
      onlyOnA: true,
    }),
  },
  {
    module: API_KEY_ACTIONS,
    name: 'revokeMemberApiKeyAction',
    permission: 'members.manage',
    pipeline: pipeline({
      definition: revokeMemberApiKeyDefinition,
      input: ({ memberId }) => ({ userId: memberId }),
      namesObjects: true,
      outcomeOnA: 'rejected',
      onlyOnA: true,
    }),
  },
  {
    module: AUTH_ACTIONS,
    name: 'signUpAction',
    requires: 'public',
    reason: 'creates a user; the same answer whether or not the address exists',
  },
  { module: AUTH_ACTIONS, name: 'signInAction', requires: 'public', reason: 'throttled sign-in' },
  {
    module: AUTH_ACTIONS,
    name: 'resendVerificationAction',
    requires: 'public',
    reason: 'emails a link to the address typed, if registered',
  },
  {
    module: AUTH_ACTIONS,
    name: 'verifyEmailAction',
    requires: 'public',
    reason: 'the emailed token is the authorization',
  },
  {
    module: AUTH_ACTIONS,
    name: 'forgotPasswordAction',
    requires: 'public',
    reason: 'emails a link to the address typed, if registered',
  },
  {
    module: AUTH_ACTIONS,
    name: 'resetPasswordAction',
    requires: 'public',
    reason: 'the emailed token is the authorization',
  },
  {
    module: AUTH_ACTIONS,
    name: 'signOutAction',
    requires: 'public',
    reason: 'ends the caller’s own session, if any',
  },
  {
    module: AUTH_ACTIONS,
    name: 'signOutEverywhereAction',
    requires: 'signed-in',
    reason: 'ends the caller’s own sessions',
  },
  {
    module: SECURITY_ACTIONS,
    name: 'signOutSessionAction',
    requires: 'signed-in',
    reason: 'ends one of the caller’s own sessions; another user’s session id finds nothing',
  },
  {
    module: INVITATION_ACTIONS,
    name: 'openInvitationAction',
    requires: 'public',
    reason: 'the token from the link is the authorization; reveals only that invitation',
  },
  {
    module: INVITATION_ACTIONS,
    name: 'respondToInvitationAction',
    requires: 'signed-in',
    reason: 'only the invited (verified) address may answer; see the matrix of invitations',
  },
];

export const ROUTES: readonly RouteEntry[] = [
  { file: 'app/api/account-menu/route.ts', methods: { GET: 'signed-in' } },
  { file: 'app/api/test/clock/route.ts', methods: { GET: 'test-only', POST: 'test-only' } },
  { file: 'app/api/auth/[...nextauth]/route.ts', methods: { GET: 'public', POST: 'public' } },
  { file: 'app/api/webhooks/stripe/route.ts', methods: { POST: 'provider-signature' } },
  { file: 'app/a/[accountId]/audit/export/route.ts', methods: { GET: 'audit.view' } },
  // The REST API: the key pair is the principal, through the same permission table.
  { file: 'app/api/v1/account/route.ts', methods: { GET: 'account.view', PATCH: 'account.edit' } },
  { file: 'app/api/v1/audit-events/route.ts', methods: { GET: 'audit.view' } },
  { file: 'app/api/v1/members/route.ts', methods: { GET: 'members.view' } },
  {
    file: 'app/api/v1/members/[userId]/route.ts',
    methods: { PATCH: 'members.manage', DELETE: 'members.manage' },
  },
  { file: 'app/api/v1/invitations/route.ts', methods: { POST: 'members.manage' } },
  { file: 'app/api/v1/invitations/[invitationId]/route.ts', methods: { DELETE: 'members.manage' } },
  {
    file: 'app/api/v1/payments/route.ts',
    methods: { GET: 'billing.manage', POST: 'billing.manage' },
  },
  {
    file: 'app/api/v1/instances/route.ts',
    methods: { GET: 'resources.manage', POST: 'resources.manage' },
  },
  {
    file: 'app/api/v1/instances/[instanceId]/route.ts',
    methods: { GET: 'resources.manage', DELETE: 'resources.manage' },
  },
  ...(['start', 'stop', 'reboot'] as const).map(
    (operation): RouteEntry => ({
      file: `app/api/v1/instances/[instanceId]/${operation}/route.ts`,
      methods: { POST: 'resources.manage' },
    }),
  ),
  {
    file: 'app/api/v1/buckets/route.ts',
    methods: { GET: 'resources.manage', POST: 'resources.manage' },
  },
  {
    file: 'app/api/v1/buckets/[bucketId]/route.ts',
    methods: { GET: 'resources.manage', DELETE: 'resources.manage' },
  },
  // The API's description and its reference page hold no account data.
  { file: 'app/api/v1/openapi.json/route.ts', methods: { GET: 'public' } },
  { file: 'app/api/reference/route.ts', methods: { GET: 'public' } },
  { file: 'app/api/reference/scalar.js/route.ts', methods: { GET: 'public' } },
];

export type PipelineEntry = Extract<ServerActionEntry, { pipeline: PipelineSpec }>;

export const PIPELINE_ACTIONS: readonly PipelineEntry[] = SERVER_ACTIONS.filter(
  (entry): entry is PipelineEntry => 'pipeline' in entry,
);
