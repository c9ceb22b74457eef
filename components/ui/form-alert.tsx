import Link from 'next/link';
import type { ReactNode } from 'react';
import type { FormState } from '@/lib/forms';

const TONES = {
  error: 'border-red-200 bg-red-50 text-red-800',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
};

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
  if (!state.message || state.status === 'idle') return null;
  const failed = state.status === 'error';
  return (
    <div
      role={failed ? 'alert' : 'status'}
      data-testid={failed ? 'form-error' : 'form-success'}
      className={`rounded-md border px-3 py-2 text-sm ${failed ? TONES.error : TONES.success}`}
    >
      {failed ? error || state.message : state.message}
      <FollowUp link={state.link} />
      {!failed && successExtra}
    </div>
  );
}
