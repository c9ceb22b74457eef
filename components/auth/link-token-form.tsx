'use client';

import { useSyncExternalStore } from 'react';
import { ActionForm, type FieldSpec } from '@/components/ui/action-form';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// The token of the current page's link, captured once from the address bar (which is then
// cleaned), per path: a later client-side visit of another link page captures its own.
let captured: { path: string; token: string } | null = null;

function captureToken(): string {
  const { hash, search, pathname } = window.location;
  const found = hash.slice(1) || new URLSearchParams(search).get('token') || '';
  if (found) {
    window.history.replaceState(null, '', pathname);
    captured = { path: pathname, token: found };
  } else if (captured?.path !== pathname) {
    captured = { path: pathname, token: '' };
  }
  return captured.token;
}

// Following a second emailed link from the page only changes the fragment.
function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * The form of a page an emailed link opens (verify email, reset password). The link's token
 * rides in the URL fragment, which browsers never send to a server, so it reaches no access
 * log or Referer header; it is read here, removed from the address bar, and sent once in the
 * form's POST. (A `?token=` from a link sent before the switch is accepted the same way.)
 * The button stays disabled until the token is read.
 */
export function LinkTokenForm({
  action,
  fields = [],
  submitLabel,
  pendingLabel,
  successExtra,
}: {
  action: Action;
  fields?: FieldSpec[];
  submitLabel: string;
  pendingLabel: string;
  successExtra?: React.ReactNode;
}) {
  // null while rendering on the server and until hydration.
  const token = useSyncExternalStore(subscribe, captureToken, () => null);

  return (
    // No remount when the token arrives (fields typed meanwhile are kept): the hidden input's
    // default value, which is its value, follows the token.
    <ActionForm
      action={action}
      submitLabel={submitLabel}
      pendingLabel={pendingLabel}
      submitDisabled={token === null}
      hideOnSuccess
      successExtra={successExtra}
      fields={[{ name: 'token', label: '', type: 'hidden', defaultValue: token ?? '' }, ...fields]}
    />
  );
}
