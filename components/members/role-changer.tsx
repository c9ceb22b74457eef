'use client';

import { useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { RowForm } from '@/components/ui/row-form';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

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
  const [selected, setSelected] = useState(role);
  const label = (value: string) => ROLE_OPTIONS.find(([v]) => v === value)?.[1] ?? value;
  return (
    <RowForm action={action} accountId={accountId} fields={{ userId }}>
      {(pending) => (
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
      )}
    </RowForm>
  );
}
