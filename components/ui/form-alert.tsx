import Link from 'next/link';
import type { ReactNode } from 'react';
import type { FormState } from '@/lib/forms';

function FollowUp({ link }: { link: FormState['link'] }) {
  if (!link) return null;
  return (
    <>
      {' '}
      <Link href={link.href} className="font-medium underline">
        {link.label}
      </Link>
    </>
  );
}

/**
 * The answer of a form's last submission: a red alert for an error, a green status for a
 * success, each with its follow-up link; nothing while idle. `error` replaces the message
 * (e.g. with errors that have no field to sit under).
 */
export function FormAlert({
  state,
  error,
  successExtra,
}: {
  state: FormState;
  error?: string;
  successExtra?: ReactNode;
}) {
  if (state.status === 'error' && state.message) {
    return (
      <div
        role="alert"
        data-testid="form-error"
        className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
      >
        {error || state.message}
        <FollowUp link={state.link} />
      </div>
    );
  }
  if (state.status === 'success' && state.message) {
    return (
      <div
        role="status"
        data-testid="form-success"
        className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
      >
        {state.message}
        <FollowUp link={state.link} />
        {successExtra}
      </div>
    );
  }
  return null;
}
