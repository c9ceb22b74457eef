'use client';

import { useActionState, useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

const idle: FormState = { status: 'idle' };

function Result({ state }: { state: FormState }) {
  if (state.status === 'error' && state.message) {
    return (
      <p role="alert" data-testid="row-error" className="max-w-xs text-right text-xs text-red-700">
        {state.message}
      </p>
    );
  }
  if (state.status === 'success' && state.message) {
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

/** One confirmed destructive step on a row (remove, revoke, resend). */
export function ConfirmedRowAction({
  action,
  accountId,
  fields,
  label,
  title,
  body,
  confirmLabel,
  danger = true,
}: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  label: string;
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ConfirmButton
        label={pending ? '…' : label}
        title={title}
        body={body}
        confirmLabel={confirmLabel}
        danger={danger}
      />
      <Result state={state} />
    </form>
  );
}

const ROLE_OPTIONS = [
  ['owner', 'Owner'],
  ['tech', 'Tech'],
  ['admin', 'Admin'],
] as const;

/** A role picker whose change is confirmed before it is sent. */
export function RoleChanger({
  action,
  accountId,
  userId,
  name,
  role,
}: {
  action: Action;
  accountId: string;
  userId: string;
  name: string;
  role: string;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [selected, setSelected] = useState(role);
  const label = (value: string) => ROLE_OPTIONS.find(([v]) => v === value)?.[1] ?? value;
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {name}
        </label>
        <select
          id={`role-${userId}`}
          name="role"
          value={selected}
          onChange={(event) => setSelected(event.target.value)}
          className="input w-28 py-1"
        >
          {ROLE_OPTIONS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        {selected !== role && (
          <ConfirmButton
            label={pending ? '…' : 'Change role'}
            title={`Change ${name}’s role?`}
            body={`${name} becomes ${label(selected)} instead of ${label(role)}. It takes effect on their next request.`}
            confirmLabel="Change role"
            danger={false}
          />
        )}
      </div>
      <Result state={state} />
    </form>
  );
}
