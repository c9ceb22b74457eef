import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { recordAudit, type AuditInput } from '@/lib/audit';
import { AccessError, isUuid, type AccessContext } from '@/lib/authz/access';
import { checkAccess } from '@/lib/authz/access';
import type { Permission } from '@/lib/authz/permissions';
import { failure, invalid, type FormState } from '@/lib/forms';
import { DomainError } from '@/lib/organizations';
import { getClientIp } from '@/lib/request';
import { getPrincipal } from '@/lib/session';

export interface ActionContext {
  tx: Tx;
  access: AccessContext;
  ip: string;
}

export interface ActionOutcome {
  message: string;
  /** The audit event of this change; account defaults to the one acted on. */
  audit: Omit<AuditInput, 'actorUserId' | 'ip' | 'accountId'> & { accountId?: string };
  /** Where to go after success (a same-origin path). */
  redirectTo?: string;
}

const ACCESS_MESSAGES = {
  not_found: 'This account does not exist, or you are no longer a member of it.',
  forbidden: 'Your role in this account does not allow this.',
} as const;

/**
 * The one server-action wrapper (DESIGN §3): parse the form with a zod schema (unknown fields
 * are dropped) → authenticate → check the permission → run the change in one transaction →
 * write its audit event in that transaction → revalidate. Any failure writes nothing.
 *
 * The account comes from the form's `accountId` field, which the page fills from its URL.
 */
export function accountAction<S extends z.ZodType>(options: {
  schema: S;
  permission: Permission;
  run: (input: z.output<S>, context: ActionContext) => Promise<ActionOutcome>;
}) {
  return async function action(_prev: FormState, form: FormData): Promise<FormState> {
    const accountId = String(form.get('accountId') ?? '');
    if (!isUuid(accountId)) return failure(ACCESS_MESSAGES.not_found);
    const raw = Object.fromEntries(
      [...form.entries()].filter(([key, value]) => typeof value === 'string' && !key.startsWith('$')),
    );
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) return invalid(parsed.error, form);

    const principal = await getPrincipal();
    const ip = await getClientIp();
    let outcome: ActionOutcome;
    try {
      const db = await getDb();
      outcome = await db.transaction(async (tx) => {
        const access = await checkAccess(principal, accountId, options.permission, tx);
        const result = await options.run(parsed.data, { tx, access, ip });
        await recordAudit(tx, {
          ...result.audit,
          accountId: result.audit.accountId ?? accountId,
          actorUserId: access.user.id,
          ip,
        });
        return result;
      });
    } catch (error) {
      if (error instanceof AccessError) {
        if (error.reason === 'unauthenticated') redirect('/sign-in');
        return { ...failure(ACCESS_MESSAGES[error.reason], form), code: error.reason };
      }
      if (error instanceof DomainError) {
        return error.field
          ? { ...failure(error.message, form), fieldErrors: { [error.field]: [error.message] } }
          : failure(error.message, form);
      }
      throw error;
    }
    revalidatePath('/a', 'layout');
    if (outcome.redirectTo) redirect(outcome.redirectTo);
    return { status: 'success', message: outcome.message };
  };
}
