import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { accounts } from '@/db/schema';
import { recordAudit, type AuditInput } from '@/lib/audit';
import {
  AccessError,
  checkAccess,
  isUuid,
  type AccessContext,
  type Principal,
} from '@/lib/authz/access';
import type { Permission } from '@/lib/authz/permissions';
import { DomainError } from '@/lib/organizations';
import { RateLimitedError } from '@/lib/security/throttle';
import { fieldErrors, type FieldErrors } from '@/lib/validation';

export interface ActionContext {
  tx: Tx;
  access: AccessContext;
  ip: string | null;
}

export type AuditSpec = Omit<AuditInput, 'actorUserId' | 'ip' | 'accountId'> & {
  accountId?: string;
};

export interface ActionOutcome {
  message: string;
  /** The audit event(s) of this change; their account defaults to the one acted on. */
  audit: AuditSpec | AuditSpec[];
  /** Where to go after success (a same-origin path). */
  redirectTo?: string;
  /**
   * The change was committed but its result is a refusal the user must see as an error
   * (e.g. a declined card: the failed attempt and its audit event are recorded).
   */
  refused?: boolean;
  /** Runs once the transaction has committed (e.g. sending emails); its failure is logged. */
  afterCommit?: () => Promise<void>;
  /**
   * The rest of the action, run after the commit and outside any transaction — for a step
   * that must not hold the account's lock, such as a call to a payment provider. It writes
   * its own changes and audit events in transactions of its own; its outcome is the answer.
   */
  continueAfterCommit?: () => Promise<ContinuedOutcome>;
}

export type ContinuedOutcome = Omit<ActionOutcome, 'audit' | 'continueAfterCommit'>;

export interface AccountActionDefinition<S extends z.ZodType> {
  schema: S;
  permission: Permission;
  run: (input: z.output<S>, context: ActionContext) => Promise<ActionOutcome>;
}

export type ActionResult =
  | { ok: true; outcome: ActionOutcome }
  | { ok: false; kind: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; kind: 'unauthenticated' | 'not_found' | 'forbidden' }
  | { ok: false; kind: 'rejected'; message: string; field?: string }
  /** A limit refused it (a route answers 429 with Retry-After). */
  | { ok: false; kind: 'rate_limited'; message: string; retryAfterSeconds: number };

/**
 * The core of every account action (DESIGN §3): parse the input with the zod schema
 * (unknown fields are dropped by the schema) → check the principal's permission on the
 * account (without any lock) → in one transaction, lock the account row, check again under
 * the lock, run the change and write its audit event. Any failure leaves the database as it
 * was.
 */
export async function executeAccountAction<S extends z.ZodType>(
  definition: AccountActionDefinition<S>,
  request: { principal: Principal | null; accountId: string; input: unknown; ip: string | null },
): Promise<ActionResult> {
  if (!request.principal) return { ok: false, kind: 'unauthenticated' };
  if (!isUuid(request.accountId)) return { ok: false, kind: 'not_found' };
  const parsed = definition.schema.safeParse(request.input);
  if (!parsed.success)
    return { ok: false, kind: 'invalid', fieldErrors: fieldErrors(parsed.error) };
  try {
    const db = await getDb();
    // Who asks is checked before any lock: a signed-out caller, a non-member or a member
    // without the permission never queues on (or holds up) the account's row.
    await checkAccess(request.principal, request.accountId, definition.permission, db);
    const outcome = await db.transaction(async (tx) => {
      // Then lock the account row and check again under that lock: a member removed or
      // demoted by a concurrent request is seen as such here, never with their former rights.
      // NO KEY UPDATE (not UPDATE) so that foreign-key inserts elsewhere are not blocked.
      await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(eq(accounts.id, request.accountId))
        .for('no key update');
      const access = await checkAccess(
        request.principal,
        request.accountId,
        definition.permission,
        tx,
      );
      const result = await definition.run(parsed.data, { tx, access, ip: request.ip });
      for (const audit of Array.isArray(result.audit) ? result.audit : [result.audit]) {
        await recordAudit(tx, {
          ...audit,
          accountId: audit.accountId ?? request.accountId,
          actorUserId: access.user.id,
          ip: request.ip,
        });
      }
      return result;
    });
    if (outcome.afterCommit) {
      await outcome.afterCommit().catch((error: unknown) => {
        console.error('[action] after-commit step failed', error);
      });
    }
    if (outcome.continueAfterCommit) {
      const continued = await outcome.continueAfterCommit();
      return { ok: true, outcome: { ...continued, audit: [] } };
    }
    return { ok: true, outcome };
  } catch (error) {
    if (error instanceof AccessError) return { ok: false, kind: error.reason };
    if (error instanceof RateLimitedError) {
      const { message, retryAfterSeconds } = error;
      return { ok: false, kind: 'rate_limited', message, retryAfterSeconds };
    }
    if (error instanceof DomainError) {
      return { ok: false, kind: 'rejected', message: error.message, field: error.field };
    }
    throw error;
  }
}
