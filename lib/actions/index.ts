import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import type { Permission } from '@/lib/authz/permissions';
import { failure, formValues, type FormState } from '@/lib/forms';
import { getClientIp } from '@/lib/http/request';
import { getCurrentUser, getPrincipal } from '@/lib/auth/session';
import {
  executeAccountAction,
  executeUserAction,
  type AccountActionDefinition,
  type ActionResult,
  type UserActionRun,
} from './core';

export type { ActionContext, ActionOutcome, UserActionContext } from './core';
import { routeDoor, type RouteContext, type RouteDoor } from './route';

export { REFUSAL_STATUS, textResponse } from './route';

// Domain: actions (lib/actions/). Owns the one pipeline every change runs through (core.ts:
// parse → who → permission → lock → re-check → run → audit → after-commit) and its doors:
// the form actions here (`accountAction`, `userAction`) and the route handler door
// (route.ts: `accountRoute`, which the REST API's door builds on). May import: authz/,
// audit/record, accounts/lock, auth/session, http/, forms and validation. Domain actions.ts
// files import only its types.

const REFUSALS = {
  not_found:
    'This does not exist (a resource may have been deleted), or you are no longer a member of this account.',
  forbidden: 'Your role in this account does not allow this.',
} as const;

/**
 * A form's named string fields; `$`-prefixed fields are React's own and never input. A repeated
 * field gives its first value, like `form.get('accountId')`: a crafted form that repeats a
 * field cannot act on one account with values meant for another reading.
 */
function formInput(form: FormData): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !key.startsWith('$') && !Object.hasOwn(input, key))
      input[key] = value;
  }
  return input;
}

interface FormDoorOptions {
  /** Where a signed-out user is sent (default: the sign-in page). */
  signIn?: (form: FormData) => string;
  /** The message for input that does not parse (default: see the highlighted fields). */
  invalidMessage?: string;
}

/** What the form shows for a pipeline result (and where it goes next). */
function toFormState<D>(
  result: ActionResult<D>,
  form: FormData,
  options: FormDoorOptions,
): FormState<D> {
  if (!result.ok) {
    switch (result.kind) {
      case 'unauthenticated':
        redirect(options.signIn?.(form) ?? '/sign-in');
      case 'not_found':
      case 'forbidden':
        return { ...failure(REFUSALS[result.kind], form), code: result.kind };
      case 'invalid':
        return {
          status: 'error',
          message: options.invalidMessage ?? 'Please correct the highlighted fields.',
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
  return { status: 'success', message: result.outcome.message, data: result.outcome.data };
}

/**
 * The form door for account changes: `executeAccountAction` (schema → who → permission →
 * lock → run → audit), then revalidation and an optional redirect. The account is the form's
 * `accountId` field, which each page fills from its own URL.
 */
export function accountAction<S extends z.ZodType, D>(
  definition: AccountActionDefinition<S, D>,
  options: FormDoorOptions = {},
) {
  return async function action(_prev: FormState, form: FormData): Promise<FormState<D>> {
    const result = await executeAccountAction(definition, {
      principal: await getPrincipal(),
      accountId: String(form.get('accountId') ?? ''),
      input: formInput(form),
      ip: await getClientIp(),
    });
    return toFormState(result, form, options);
  };
}

/**
 * The form door for a signed-in user's change outside any account (e.g. answering an
 * invitation): `executeUserAction` (schema → who → run), answered like an account action.
 */
export function userAction<S extends z.ZodType, D>(
  schema: S,
  run: UserActionRun<S, D>,
  options: FormDoorOptions = {},
) {
  return async function action(_prev: FormState, form: FormData): Promise<FormState<D>> {
    const result = await executeUserAction(schema, run, {
      user: await getCurrentUser(),
      input: formInput(form),
      ip: await getClientIp(),
    });
    return toFormState(result, form, options);
  };
}

/**
 * The route handler door for the signed-in console (e.g. a file download): the one access
 * check on the `[accountId]` segment before `handler` runs (see route.ts).
 */
export function accountRoute<P extends Record<string, string | string[]>>(
  permission: Permission,
  handler: (context: RouteContext<P>) => Promise<Response>,
  door: Partial<RouteDoor<P>> = {},
) {
  return routeDoor(permission, handler, { principal: () => getPrincipal(), ...door });
}
