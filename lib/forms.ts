import type { z } from 'zod';
import { fieldErrors, type FieldErrors } from '@/lib/validation';

/** What every form action returns to its form (see components/action-form.tsx). */
export interface FormState<D = unknown> {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: FieldErrors;
  /** Echo of the non-secret values the user typed, to refill the form after an error. */
  values?: Record<string, string>;
  /** A follow-up the user may need (e.g. "send a new verification link"). */
  link?: { href: string; label: string };
  /** Machine-readable refusal: 'forbidden' is a 403, 'not_found' a 404. */
  code?: 'forbidden' | 'not_found';
  /** What a successful change produced (see ActionOutcome.data). */
  data?: D;
}

export const idleState: FormState = { status: 'idle' };

/** Never echoed back to the browser: secrets, card data and one-time keys. */
const SECRET_FIELDS = new Set([
  'password',
  'confirm',
  'currentPassword',
  'token',
  'cardNumber',
  'cardCvc',
  'idempotencyKey',
]);

export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !SECRET_FIELDS.has(key) && !key.startsWith('$')) {
      values[key] = value.slice(0, 500);
    }
  }
  return values;
}

export function invalid(error: z.ZodError, form: FormData): FormState {
  return {
    status: 'error',
    message: 'Please correct the highlighted fields.',
    fieldErrors: fieldErrors(error),
    values: formValues(form),
  };
}

export function failure(message: string, form?: FormData): FormState<never> {
  return { status: 'error', message, values: form ? formValues(form) : undefined };
}

export function success(message: string): FormState {
  return { status: 'success', message };
}

/** FormData → plain object of the named string fields only (extra fields are ignored). */
export function pick<K extends string>(form: FormData, keys: readonly K[]): Record<K, unknown> {
  const out = {} as Record<K, unknown>;
  for (const key of keys) {
    const value = form.get(key);
    out[key] = typeof value === 'string' ? value : undefined;
  }
  return out;
}
