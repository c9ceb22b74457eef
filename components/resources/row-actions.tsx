'use client';

import { useActionState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const idle: FormState = { status: 'idle' };

function Message({ state }: { state: FormState }) {
  if (state.status !== 'error' || !state.message) return null;
  return (
    <p role="alert" data-testid="row-error" className="max-w-xs text-right text-xs text-red-700">
      {state.message}
    </p>
  );
}

/** A plain row button (start, stop, reboot) posting the resource id to its action. */
export function RowButton({
  action,
  accountId,
  fields,
  label,
  disabledReason,
}: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  label: string;
  /** Shown as the button's title and announced; the server refuses regardless. */
  disabledReason?: string;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className="btn-secondary px-2.5 py-1 text-xs"
        disabled={pending || Boolean(disabledReason)}
        title={disabledReason}
        aria-label={disabledReason ? `${label} (${disabledReason})` : undefined}
      >
        {pending ? '…' : label}
      </button>
      <Message state={state} />
    </form>
  );
}

/** Delete behind a confirmation dialog. */
export function ConfirmedDelete({
  action,
  accountId,
  fields,
  title,
  body,
}: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  title: string;
  body: string;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ConfirmButton
        label={pending ? '…' : 'Delete'}
        className="btn-secondary px-2.5 py-1 text-xs text-red-700"
        title={title}
        body={body}
        confirmLabel="Delete"
      />
      <Message state={state} />
    </form>
  );
}
