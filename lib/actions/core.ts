import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { lockAccountRow } from '@/lib/accounts/lock';
import { recordAudit, type AuditInput } from '@/lib/audit/record';
import { AccessError, checkAccess, type AccessContext, type Principal } from '@/lib/authz/access';
import { isUuid } from '@/lib/validation';
import type { Permission } from '@/lib/authz/permissions';
import { AccountSuspendedError, ConflictError, DomainError } from '@/lib/errors';
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

export interface ActionOutcome<D = unknown> {
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
  /** What the change produced, for a door that answers with more than a message. */
  data?: D;
  /**
   * The rest of the action, run after the commit and outside any transaction — for a step
   * that must not hold the account's lock, such as a call to a payment provider. It writes
   * its own changes and audit events in transactions of its own; its outcome is the answer.
   */
  continueAfterCommit?: () => Promise<ContinuedOutcome<D>>;
}

export type ContinuedOutcome<D = unknown> = Omit<ActionOutcome<D>, 'audit' | 'continueAfterCommit'>;

export interface AccountActionDefinition<S extends z.ZodType, D = unknown> {
  schema: S;
  permission: Permission;
  run: (input: z.output<S>, context: ActionContext) => Promise<ActionOutcome<D>>;
}

/** Why a door refuses before anything ran (one status per reason on every door). */
export type ActionRefusal = 'unauthenticated' | 'not_found' | 'forbidden';

export type ActionResult<D = unknown> =
  | { ok: true; outcome: ActionOutcome<D> }
  | { ok: false; kind: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; kind: ActionRefusal }
  | {
      ok: false;
      kind: 'rejected';
      message: string;
      field?: string;
      /** The refusal is a ConflictError (the state of the account, not the input). */
      conflict?: true;
      /** Which conflict, when a door must name it: the account is SUSPENDED. */
      code?: AccountSuspendedError['code'];
    }
  /** A limit refused it (a route answers 429 with Retry-After). */
  | { ok: false; kind: 'rate_limited'; message: string; retryAfterSeconds: number };

/**
 * The core of every account action (DESIGN §3): parse the input with the zod schema
 * (unknown fields are dropped by the schema) → check the principal's permission on the
 * account (without any lock) → in one transaction, lock the account row, check again under
 * the lock, run the change and write its audit event. Any failure leaves the database as it
 * was.
 */
export interface AccountActionRequest {
  principal: Principal | null;
  accountId: string;
  input: unknown;
  ip: string | null;
}

export async function executeAccountAction<S extends z.ZodType, D>(
  definition: AccountActionDefinition<S, D>,
  request: AccountActionRequest,
): Promise<ActionResult<D>> {
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
      // A missing account is not refused here: the check below reports it as not found.
      await lockAccountRow(tx, request.accountId);
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
    return await committed(outcome);
  } catch (error) {
    return refusal(error);
  }
}

/**
 * After the commit: the outcome's follow-up step (whose failure never undoes the change), then
 * the continuation, if any, whose outcome becomes the answer (its refusals are refusals).
 */
async function committed<D>(outcome: ActionOutcome<D>): Promise<ActionResult<D>> {
  if (outcome.afterCommit) {
    await outcome.afterCommit().catch((error: unknown) => {
      console.error('[action] after-commit step failed', error);
    });
  }
  if (outcome.continueAfterCommit) {
    const continued = await outcome.continueAfterCommit();
    return committed({ ...continued, audit: [] });
  }
  return { ok: true, outcome };
}

/** The refusals every door knows; anything else is a bug and propagates. */
function refusal(error: unknown): ActionResult<never> {
  if (error instanceof AccessError) return { ok: false, kind: error.reason };
  if (error instanceof RateLimitedError) {
    const { message, retryAfterSeconds } = error;
    return { ok: false, kind: 'rate_limited', message, retryAfterSeconds };
  }
  if (error instanceof DomainError) {
    const conflict = error instanceof ConflictError ? { conflict: true as const } : {};
    const code = error instanceof AccountSuspendedError ? { code: error.code } : {};
    return {
      ok: false,
      kind: 'rejected',
      message: error.message,
      field: error.field,
      ...conflict,
      ...code,
    };
  }
  throw error;
}

/** A signed-in user's change outside any account (e.g. answering an invitation). */
export interface UserActionContext {
  user: SignedInUser;
  ip: string | null;
}

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
}

export type UserActionRun<S extends z.ZodType, D> = (
  input: z.output<S>,
  context: UserActionContext,
) => Promise<Omit<ActionOutcome<D>, 'audit'>>;

/**
 * The same pipeline for a change that belongs to the signed-in user rather than to an account
 * they act in: parse → who → run. There is no account permission to check or row to lock;
 * `run` opens its own transaction and records its audit event (in the account it touches),
 * and refuses with DomainError.
 */
export async function executeUserAction<S extends z.ZodType, D>(
  schema: S,
  run: UserActionRun<S, D>,
  request: { user: SignedInUser | null; input: unknown; ip: string | null },
): Promise<ActionResult<D>> {
  if (!request.user) return { ok: false, kind: 'unauthenticated' };
  const parsed = schema.safeParse(request.input);
  if (!parsed.success)
    return { ok: false, kind: 'invalid', fieldErrors: fieldErrors(parsed.error) };
  try {
    const outcome = await run(parsed.data, { user: request.user, ip: request.ip });
    return await committed({ ...outcome, audit: [] });
  } catch (error) {
    return refusal(error);
  }
}
