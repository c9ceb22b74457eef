import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { instances, instanceState, type Instance } from '@/db/schema';
import type { AccessContext } from '@/lib/authz/access';
import {
  createInstanceDefinition,
  deleteInstanceDefinition,
  rebootInstanceDefinition,
  startInstanceDefinition,
  stopInstanceDefinition,
} from '@/lib/resources/actions';
import { INSTANCE_TYPE_IDS, ZONE_IDS } from '@/lib/resources/catalog';
import { getInstance, listInstances } from '@/lib/resources/queries';
import { createInstanceSchema } from '@/lib/resources/schemas';
import { runAction } from '../actions';
import { defineEndpoint, type Endpoint } from '../endpoint';
import { ApiError, MESSAGES } from '../errors';
import { apiMoney } from '../money';
import { created, ok } from '../route';
import { moneySchema, pageOf, timestampSchema } from '../schemas';
import { resourceCursor, resourcePageQuery } from './resource-pages';

// Compute instances (Owner, Tech): list, read, create, start, stop, reboot and delete, each
// change through the console's own action definitions (the same lifecycle rules, quota,
// suspended check, account lock and audit event). Another account's instance id is a 404.

export const instanceSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string().meta({ example: 'web-1' }),
    type: z.enum(INSTANCE_TYPE_IDS),
    zone: z.enum(ZONE_IDS),
    state: z.enum(instanceState.enumValues).meta({
      description:
        'starting, rebooting, stopping and destroying are transitional: they settle on their own.',
    }),
    settlesAt: timestampSchema
      .nullable()
      .meta({ description: 'When a transitional state settles; null otherwise.' }),
    runningRate: moneySchema.meta({ description: 'Per hour while running.' }),
    stoppedRate: moneySchema.meta({ description: 'Per hour while stopped (the disk).' }),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Instance' });

export function presentInstance(
  instance: Instance,
  currency: string,
): z.output<typeof instanceSchema> {
  return {
    id: instance.id,
    name: instance.name,
    type: instance.type,
    zone: instance.zone as z.output<typeof instanceSchema>['zone'],
    state: instance.state,
    settlesAt: instance.settleAt?.toISOString() ?? null,
    runningRate: apiMoney(instance.runningRate, currency),
    stoppedRate: apiMoney(instance.stoppedRate, currency),
    createdAt: instance.createdAt.toISOString(),
  };
}

/**
 * The account's live instance `id` as the API shows it, or a 404. After a change, the row in
 * any state: it may have settled on (even to `deleted`) by the time it is read.
 */
async function instanceReply(access: AccessContext, id: string, anyState = false) {
  const db = await getDb();
  const [instance] = anyState
    ? await db
        .select()
        .from(instances)
        .where(and(eq(instances.accountId, access.account.id), eq(instances.id, id)))
    : [await getInstance(db, access.account.id, id)];
  if (!instance) throw new ApiError('not_found', MESSAGES.not_found);
  return presentInstance(instance, access.account.currency);
}

export const listInstancesEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/instances',
    tag: 'Compute',
    summary: 'List instances',
    description: 'The account’s instances, newest first (deleted ones are gone).',
    permission: 'resources.manage',
    query: resourcePageQuery,
    success: { status: 200, description: 'One page of instances.', schema: pageOf(instanceSchema) },
  },
  async ({ access, query }) => {
    const after = resourceCursor(query.cursor);
    const result = await listInstances(await getDb(), access.account.id, {
      after,
      limit: query.limit,
    });
    return ok({
      data: result.items.map((i) => presentInstance(i, access.account.currency)),
      next_cursor: result.nextCursor,
    });
  },
);

const instanceParams = z.object({ instanceId: z.uuid() });

export const getInstanceEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/instances/{instanceId}',
    tag: 'Compute',
    summary: 'Get an instance',
    permission: 'resources.manage',
    params: instanceParams,
    success: { status: 200, description: 'The instance.', schema: instanceSchema },
    errors: [404],
  },
  async ({ access, params }) => ok(await instanceReply(access, params.instanceId!)),
);

export const createInstanceEndpoint = defineEndpoint(
  {
    method: 'POST',
    path: '/instances',
    tag: 'Compute',
    summary: 'Create an instance',
    description:
      'Starts a new instance of a catalog type in a zone; it is `starting` until it runs. ' +
      'Refused with 409 `account_suspended` while the account is SUSPENDED, and with 422 ' +
      'when the account’s instance quota is reached.',
    permission: 'resources.manage',
    body: createInstanceSchema.strict(),
    idempotent: 'optional',
    success: { status: 201, description: 'The new instance.', schema: instanceSchema },
    errors: [409, 422],
  },
  async ({ access, principal, ip, body }) => {
    const accountId = access.account.id;
    const outcome = await runAction(createInstanceDefinition, { principal, accountId, ip }, body);
    const { id } = outcome.data as { id: string };
    return created(await instanceReply(access, id, true));
  },
);

const OPERATIONS = {
  start: {
    definition: startInstanceDefinition,
    summary: 'Start an instance',
    description:
      'A stopped instance starts (`starting`, then `running`). Refused with 409 ' +
      '`account_suspended` while the account is SUSPENDED.',
  },
  stop: {
    definition: stopInstanceDefinition,
    summary: 'Stop an instance',
    description: 'A running instance stops (`stopping`, then `stopped`); its disk is kept.',
  },
  reboot: {
    definition: rebootInstanceDefinition,
    summary: 'Reboot an instance',
    description: 'A running instance reboots (`rebooting`, then `running`).',
  },
} as const;

function operationEndpoint(operation: keyof typeof OPERATIONS): Endpoint {
  const { definition, summary, description } = OPERATIONS[operation];
  return defineEndpoint(
    {
      method: 'POST',
      path: `/instances/{instanceId}/${operation}`,
      tag: 'Compute',
      summary,
      description: `${description} An instance in another state is refused with 422.`,
      permission: 'resources.manage',
      params: instanceParams,
      idempotent: 'optional',
      success: {
        status: 200,
        description: 'The instance, changing state.',
        schema: instanceSchema,
      },
      errors: operation === 'start' ? [404, 409, 422] : [404, 422],
    },
    async ({ access, principal, ip, params }) => {
      const accountId = access.account.id;
      await runAction(definition, { principal, accountId, ip }, { instanceId: params.instanceId });
      return ok(await instanceReply(access, params.instanceId!, true));
    },
  );
}

export const startInstanceEndpoint = operationEndpoint('start');
export const stopInstanceEndpoint = operationEndpoint('stop');
export const rebootInstanceEndpoint = operationEndpoint('reboot');

export const deleteInstanceEndpoint = defineEndpoint(
  {
    method: 'DELETE',
    path: '/instances/{instanceId}',
    tag: 'Compute',
    summary: 'Delete an instance',
    description:
      'The instance is charged up to now and enters `destroying`; it leaves the list once ' +
      'destroyed. An instance already being deleted is refused with 422.',
    permission: 'resources.manage',
    params: instanceParams,
    idempotent: 'optional',
    success: { status: 200, description: 'The instance, being deleted.', schema: instanceSchema },
    errors: [404, 422],
  },
  async ({ access, principal, ip, params }) => {
    const accountId = access.account.id;
    await runAction(
      deleteInstanceDefinition,
      { principal, accountId, ip },
      { instanceId: params.instanceId },
    );
    return ok(await instanceReply(access, params.instanceId!, true));
  },
);
