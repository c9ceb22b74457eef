import type { AccountActionDefinition, AuditSpec } from '@/lib/actions/core';
import type { AuditAction } from '@/lib/audit/labels';
import { settleSeconds } from '@/lib/jobs/config';
import { now } from '@/lib/clock';
import { scheduleSettle } from '@/lib/jobs/schedule';
import { createBucket, deleteBucket } from './buckets';
import { instanceType } from './catalog';
import { applyInstanceOperation, createInstance } from './instances';
import type { InstanceOperation } from './lifecycle';
import {
  bucketIdSchema,
  createBucketSchema,
  createInstanceSchema,
  instanceIdSchema,
} from './schemas';

// The resource actions, as data (schema, permission, run) for the one pipeline: the console's
// forms bind them through lib/actions, the REST API calls the same definitions (their `data`
// is the resource's id and state; the API reads the full row with lib/resources/queries). The
// pipeline parses, checks 'resources.manage' (Owner, Tech), locks the account row, checks again under
// the lock, runs, and writes the audit event with the actor.

const instanceAudit = (
  action: AuditAction,
  instance: { id: string; name: string },
  metadata: Record<string, unknown> = {},
): AuditSpec => ({
  action,
  targetType: 'instance',
  targetId: instance.id,
  metadata: { name: instance.name, ...metadata },
});

export const createInstanceDefinition = {
  schema: createInstanceSchema,
  permission: 'resources.manage',
  async run(input, { tx, access }) {
    const seconds = settleSeconds();
    const instance = await createInstance(
      tx,
      access.account,
      access.user.id,
      input,
      now(),
      seconds,
    );
    const type = instanceType(instance.type);
    return {
      message: `${instance.name} is starting (${type?.label ?? instance.type}, ${instance.zone}).`,
      audit: instanceAudit('instance.created', instance, {
        type: instance.type,
        zone: instance.zone,
        hourlyRate: instance.runningRate,
      }),
      afterCommit: () => scheduleSettle(seconds),
      data: { id: instance.id, state: instance.state },
    };
  },
} satisfies AccountActionDefinition<typeof createInstanceSchema>;

const AUDIT_ACTIONS: Record<InstanceOperation, AuditAction> = {
  start: 'instance.started',
  stop: 'instance.stopped',
  reboot: 'instance.rebooted',
  delete: 'instance.deleted',
};

const PROGRESS: Record<InstanceOperation, string> = {
  start: 'is starting',
  stop: 'is stopping',
  reboot: 'is rebooting',
  delete: 'is being deleted',
};

function operationDefinition(operation: InstanceOperation) {
  return {
    schema: instanceIdSchema,
    permission: 'resources.manage',
    async run(input, { tx, access }) {
      const seconds = settleSeconds();
      const { instance, from } = await applyInstanceOperation(
        tx,
        access.account,
        input.instanceId,
        operation,
        now(),
        seconds,
      );
      return {
        message: `${instance.name} ${PROGRESS[operation]}.`,
        audit: instanceAudit(AUDIT_ACTIONS[operation], instance, { from }),
        afterCommit: () => scheduleSettle(seconds),
        data: { id: instance.id, state: instance.state },
      };
    },
  } satisfies AccountActionDefinition<typeof instanceIdSchema>;
}

export const startInstanceDefinition = operationDefinition('start');
export const stopInstanceDefinition = operationDefinition('stop');
export const rebootInstanceDefinition = operationDefinition('reboot');
export const deleteInstanceDefinition = operationDefinition('delete');

/** A bucket change's answer: the message, the bucket's id, and its audit event. */
function bucketOutcome(
  action: 'bucket.created' | 'bucket.deleted',
  bucket: { id: string; name: string; zone: string },
  message: string,
) {
  return {
    message,
    data: { id: bucket.id },
    audit: {
      action,
      targetType: 'bucket',
      targetId: bucket.id,
      metadata: { name: bucket.name, zone: bucket.zone },
    },
  };
}

export const createBucketDefinition = {
  schema: createBucketSchema,
  permission: 'resources.manage',
  async run(input, { tx, access }) {
    const bucket = await createBucket(tx, access.account, access.user.id, input, now());
    return bucketOutcome(
      'bucket.created',
      bucket,
      `Bucket ${bucket.name} created in ${bucket.zone}.`,
    );
  },
} satisfies AccountActionDefinition<typeof createBucketSchema>;

export const deleteBucketDefinition = {
  schema: bucketIdSchema,
  permission: 'resources.manage',
  async run(input, { tx, access }) {
    const bucket = await deleteBucket(tx, access.account.id, input.bucketId, now());
    return bucketOutcome('bucket.deleted', bucket, `Bucket ${bucket.name} deleted.`);
  },
} satisfies AccountActionDefinition<typeof bucketIdSchema>;
