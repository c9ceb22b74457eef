import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { failure, formValues, type FormState } from '@/lib/forms';
import { getClientIp } from '@/lib/http/request';
import { getPrincipal } from '@/lib/auth/session';
import { executeAccountAction, type AccountActionDefinition } from './core';

export type { ActionContext, ActionOutcome } from './core';

// Domain: actions (lib/actions/). Owns the one pipeline every account change runs through
// (core.ts: parse → who → permission → lock → re-check → run → audit → after-commit) and its
// form door (index.ts). May import: authz/, audit/record, accounts/lock, auth/session, http/,
// forms and validation. Domain actions.ts files import only its types.

const REFUSALS = {
  not_found: 'This account does not exist, or you are no longer a member of it.',
  forbidden: 'Your role in this account does not allow this.',
} as const;

/**
 * The one server-action wrapper: a form action for `executeAccountAction` (schema → auth →
 * permission → transaction → audit), then revalidation and an optional redirect. The account
 * is the form's `accountId` field, which each page fills from its own URL.
 */
export function accountAction<S extends z.ZodType>(definition: AccountActionDefinition<S>) {
  return async function action(_prev: FormState, form: FormData): Promise<FormState> {
    const input = Object.fromEntries(
      [...form.entries()].filter(
        ([key, value]) => typeof value === 'string' && !key.startsWith('$'),
      ),
    );
    const result = await executeAccountAction(definition, {
      principal: await getPrincipal(),
      accountId: String(form.get('accountId') ?? ''),
      input,
      ip: await getClientIp(),
    });
    if (!result.ok) {
      switch (result.kind) {
        case 'unauthenticated':
          redirect('/sign-in');
        case 'not_found':
        case 'forbidden':
          return { ...failure(REFUSALS[result.kind], form), code: result.kind };
        case 'invalid':
          return {
            status: 'error',
            message: 'Please correct the highlighted fields.',
            fieldErrors: result.fieldErrors,
            values: formValues(form),
          };
        case 'rejected':
          return {
            ...failure(result.message, form),
            fieldErrors: result.field ? { [result.field]: [result.message] } : undefined,
          };
      }
    }
    revalidatePath('/a', 'layout');
    if (result.outcome.refused) return failure(result.outcome.message, form);
    if (result.outcome.redirectTo) redirect(result.outcome.redirectTo);
    const { message, data } = result.outcome;
    return data === undefined
      ? { status: 'success', message }
      : { status: 'success', message, data };
  };
}
