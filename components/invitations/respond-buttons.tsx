'use client';

import { useActionState, useSyncExternalStore } from 'react';
import { FormAlert } from '@/components/ui/form-alert';
import type { FormState } from '@/lib/forms';

const subscribeToNothing = () => () => {};

type Action = (state: FormState, form: FormData) => Promise<FormState>;

export function RespondButtons({ invitationId, action }: { invitationId: string; action: Action }) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' } as FormState);
  // Disabled until hydrated: under this page's no-referrer policy a native (pre-hydration)
  // form post would carry `Origin: null` and be refused.
  const ready = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );

  if (state.status === 'success') {
    return (
      <p role="status" data-testid="form-success" className="text-sm text-slate-700">
        {state.message}
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <FormAlert state={state} />
      <form action={formAction} className="flex gap-2">
        <input type="hidden" name="invitationId" value={invitationId} />
        <button
          type="submit"
          name="response"
          value="accepted"
          className="btn-primary flex-1"
          disabled={!ready || pending}
        >
          Accept invitation
        </button>
        <button
          type="submit"
          name="response"
          value="declined"
          className="btn-secondary flex-1"
          disabled={!ready || pending}
        >
          Decline
        </button>
      </form>
    </div>
  );
}
