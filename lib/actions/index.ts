import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { failure, formValues, type FormState } from '@/lib/forms';
import { getClientIp } from '@/lib/request';
import { getPrincipal } from '@/lib/session';
import { executeAccountAction, type AccountActionDefinition } from './core';

export type { ActionContext, ActionOutcome } from './core';

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
        case 'rate_limited':
          return failure(result.message, form);
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
    return { status: 'success', message: result.outcome.message };
  };
}
