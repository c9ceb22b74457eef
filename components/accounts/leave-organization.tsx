'use client';

import { useActionState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import type { FormState } from '@/lib/forms';

export function LeaveOrganizationButton({
  accountId,
  name,
  action,
}: {
  accountId: string;
  name: string;
  action: (state: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' } as FormState);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="accountId" value={accountId} />
      <ConfirmButton
        label={pending ? 'Leaving…' : 'Leave'}
        title={`Leave ${name}?`}
        body={`You lose access to ${name} and its resources at once. An owner can invite you again.`}
        confirmLabel="Leave organization"
      />
      {state.status === 'error' && state.message && (
        <p
          role="alert"
          data-testid="leave-error"
          className="max-w-xs text-right text-sm text-red-700"
        >
          {state.message}
        </p>
      )}
    </form>
  );
}
