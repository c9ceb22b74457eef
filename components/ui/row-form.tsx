'use client';

import { useActionState, type ReactNode } from 'react';
import type { FormState } from '@/lib/forms';
import { ConfirmButton } from './confirm-button';

// A table row's own small forms (start, delete, remove, revoke, change role): the account and
// the row's ids as hidden fields, the button(s), and the action's answer under them.

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const idle: FormState = { status: 'idle' };

/** The answer of a row's action: its error, and its success unless the list shows it. */
function RowResult({ state, quietSuccess }: { state: FormState; quietSuccess: boolean }) {
  if (state.status === 'error' && state.message) {
    return (
      <p role="alert" data-testid="row-error" className="max-w-xs text-right text-xs text-red-700">
        {state.message}
      </p>
    );
  }
  if (state.status === 'success' && state.message && !quietSuccess) {
    return (
      <p
        role="status"
        data-testid="row-success"
        className="max-w-xs text-right text-xs text-emerald-800"
      >
        {state.message}
      </p>
    );
  }
  return null;
}

/**
 * A row's form posting `accountId` and `fields` to `action`; `children` renders its controls
 * (told whether the action is running). `quietSuccess`: the list itself shows the result.
 */
export function RowForm({
  action,
  accountId,
  fields,
  quietSuccess = false,
  children,
}: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  quietSuccess?: boolean;
  children: (pending: boolean) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children(pending)}
      <RowResult state={state} quietSuccess={quietSuccess} />
    </form>
  );
}

/** One confirmed step on a row (delete, remove, revoke, resend). */
export function ConfirmedRowAction({
  label,
  title,
  body,
  confirmLabel,
  danger = true,
  className,
  ...form
}: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  quietSuccess?: boolean;
  label: string;
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  className?: string;
}) {
  return (
    <RowForm {...form}>
      {(pending) => (
        <ConfirmButton
          label={pending ? '…' : label}
          className={className}
          title={title}
          body={body}
          confirmLabel={confirmLabel}
          danger={danger}
        />
      )}
    </RowForm>
  );
}
