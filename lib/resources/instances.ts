import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { instances, type Account, type Instance } from '@/db/schema';
import { accrue } from '@/lib/billing/accrual';
import { DomainError } from '@/lib/errors';
import { instanceType, stoppedRate } from './catalog';
import { refuseWhenSuspended, ResourceNotFoundError } from './errors';
import { canApply, INSTANCE_OPERATIONS, type InstanceOperation } from './lifecycle';
import type { createInstanceSchema } from './schemas';

// Domain: resources (lib/resources/). Owns compute instances and storage buckets: the
// catalog, the simulated lifecycle (lifecycle.ts, settle.ts), changes (instances.ts,
// buckets.ts), their actions and list queries. May import: db/, shared helpers, accounts/
// (lock), billing/ (accrual: a change of rate charges the time before it), jobs/schedule and
// jobs/config (which import no domain), actions/core (types).
//
// Instance changes. Each runs in the action's transaction, which holds the account's row lock:
// the quota count and the suspended check cannot race with another create, a payment or the
// meter (which locks the same row before it charges).

const settleAt = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/** Instances that count against the quota: all but those deleted or being deleted. */
async function countLiveInstances(tx: DbOrTx, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(instances)
    .where(
      and(
        eq(instances.accountId, accountId),
        notInArray(instances.state, ['destroying', 'deleted']),
      ),
    );
  return Number(row?.n ?? 0);
}

export async function createInstance(
  tx: DbOrTx,
  account: Account,
  userId: string,
  input: z.output<typeof createInstanceSchema>,
  at: Date,
  settleSeconds: number,
): Promise<Instance> {
  refuseWhenSuspended(account, 'creating an instance');
  const type = instanceType(input.type);
  if (!type) throw new DomainError('Choose a type from the catalog.', 'type');
  const live = await countLiveInstances(tx, account.id);
  if (live >= account.instanceQuota) {
    throw new DomainError(
      `This account has reached its quota of ${account.instanceQuota} instances. Delete one first, or ask support to raise the quota.`,
    );
  }
  const [instance] = await tx
    .insert(instances)
    .values({
      accountId: account.id,
      name: input.name,
      type: type.id,
      zone: input.zone,
      state: 'starting',
      settleAt: settleAt(at, settleSeconds),
      runningRate: type.hourlyRate,
      stoppedRate: stoppedRate(type),
      meteredUntil: at,
      createdByUserId: userId,
      createdAt: at,
    })
    .returning();
  if (!instance) throw new Error('instance insert returned no row');
  return instance;
}

/** One of the account's instances (not deleted), locked for this transaction. */
export async function lockInstance(tx: DbOrTx, accountId: string, id: string): Promise<Instance> {
  const [instance] = await tx
    .select()
    .from(instances)
    .where(
      and(
        eq(instances.accountId, accountId),
        eq(instances.id, id),
        sql`${instances.state} <> 'deleted'`,
      ),
    )
    .for('update');
  if (!instance) throw new ResourceNotFoundError();
  return instance;
}

/**
 * Start, stop, reboot or delete: checks the state allows it (start also needs an active
 * account), charges the instance up to now at its current rate, and enters the transitional
 * state, which settles `settleSeconds` later.
 */
export async function applyInstanceOperation(
  tx: DbOrTx,
  account: Account,
  instanceId: string,
  operation: InstanceOperation,
  at: Date,
  settleSeconds: number,
): Promise<{ instance: Instance; from: Instance['state'] }> {
  const current = await lockInstance(tx, account.id, instanceId);
  if (operation === 'start') refuseWhenSuspended(account, 'starting an instance');
  if (!canApply(operation, current.state)) {
    throw new DomainError(
      `${current.name} is ${current.state}: only ${INSTANCE_OPERATIONS[operation].needs} can be ${INSTANCE_OPERATIONS[operation].verb}.`,
    );
  }
  await accrue(tx, 'instances', {
    accountIds: [account.id],
    at,
    where: sql`r.id = ${current.id}`,
  });
  const [instance] = await tx
    .update(instances)
    .set({ state: INSTANCE_OPERATIONS[operation].to, settleAt: settleAt(at, settleSeconds) })
    .where(and(eq(instances.accountId, account.id), eq(instances.id, current.id)))
    .returning();
  if (!instance) throw new Error('instance update returned no row');
  return { instance, from: current.state };
}
