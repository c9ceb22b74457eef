'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { OpenedInvitation } from '@/app/(auth)/invitations/actions';

const ROLE_LABELS: Record<string, string> = { owner: 'Owner', tech: 'Tech', admin: 'Admin' };

/**
 * The landing page of an invitation email. The token is in the URL fragment, which never
 * reaches a server log; it is read here, sent once in a POST, and removed from the address bar.
 */
export function InvitationLink({
  openInvitation,
}: {
  openInvitation: (token: unknown) => Promise<OpenedInvitation>;
}) {
  const router = useRouter();
  const [state, setState] = useState<OpenedInvitation | 'loading'>('loading');

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      const token = window.location.hash.slice(1);
      if (token) window.history.replaceState(null, '', window.location.pathname);
      // An empty or unknown token comes back as 'invalid'.
      openInvitation(token).then((result) => {
        if (cancelled) return;
        if (result.status === 'ok' && result.signedIn) router.replace(`/invitations/${result.id}`);
        else setState(result);
      });
    };
    load();
    // Following a second invitation link from this page only changes the fragment.
    const onHashChange = () => {
      setState('loading');
      load();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => {
      cancelled = true;
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [openInvitation, router]);

  if (state === 'loading') {
    return <p className="text-sm text-slate-600">Opening your invitation…</p>;
  }
  if (state.status === 'invalid') {
    return (
      <div data-testid="invitation-invalid" className="space-y-3 text-sm text-slate-700">
        <p>This invitation link is not valid. It may have been replaced by a newer one.</p>
        <p>Ask an owner of the organization to send it again.</p>
      </div>
    );
  }
  const next = `/invitations/${state.id}`;
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <p data-testid="invitation-summary">
        {state.inviterName ?? 'An owner'} invited <strong>{state.email}</strong> to join{' '}
        <strong>{state.organizationName}</strong> as{' '}
        <strong>{ROLE_LABELS[state.role] ?? state.role}</strong>.
      </p>
      {!state.pending || state.expired ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
          This invitation is no longer open. Ask an owner of the organization for a new one.
        </p>
      ) : (
        <>
          <p>Sign in with that address to accept or decline it.</p>
          <div className="flex flex-col gap-2">
            <Link href={`/sign-in?callbackUrl=${encodeURIComponent(next)}`} className="btn-primary">
              Sign in to respond
            </Link>
            <Link
              href={`/sign-up?email=${encodeURIComponent(state.email)}`}
              className="btn-secondary"
            >
              Create an account
            </Link>
          </div>
          <p className="text-xs text-slate-500">
            A new account keeps its own personal account; after verifying your email, sign in and
            the invitation waits for you in the account menu.
          </p>
        </>
      )}
    </div>
  );
}
