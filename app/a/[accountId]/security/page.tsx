import Link from 'next/link';
import { getDb } from '@/db/client';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { SessionList } from '@/components/security/session-list';
import { Panel } from '@/components/ui/table';
import { describeUserAgent, listSessions, purgeExpiredSessions } from '@/lib/auth/sessions';
import { requireConsolePage } from '@/lib/authz/page';
import { getPrincipal } from '@/lib/auth/session';
import { signOutEverywhereAction } from '@/app/(auth)/actions';
import { signOutSessionAction } from './actions';

export const metadata = { title: 'Sign-in & security' };

export default async function SecurityPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { user, account } = await requireConsolePage(accountId, 'security');
  const db = await getDb();
  const principal = await getPrincipal();
  await purgeExpiredSessions(db, user.id);
  const sessions = await listSessions(db, user.id, principal?.tokenHash ?? null);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Sign-in &amp; security</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-medium">Signed in as</h2>
        <p className="text-sm text-slate-600">
          {user.name} · {user.email}
        </p>
      </section>
      <Panel
        titleId="sessions-title"
        title="Active sessions"
        aside={
          <span className="text-xs text-slate-500">
            Every browser signed in to your user; last seen is updated about once a minute
          </span>
        }
      >
        <SessionList
          accountId={account.id}
          signOutSession={signOutSessionAction}
          sessions={sessions.map((s) => ({
            id: s.id,
            device: describeUserAgent(s.userAgent),
            ip: s.ip,
            createdAt: s.createdAt,
            lastSeenAt: s.lastSeenAt,
            current: s.current,
          }))}
        />
      </Panel>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-medium">Password</h2>
        <p className="mb-3 text-sm text-slate-600">
          We email you a link to choose a new one. Changing it signs out every device.
        </p>
        <Link href="/forgot-password" className="btn-secondary">
          Reset password by email
        </Link>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-medium">Sign out everywhere</h2>
        <p className="mb-3 text-sm text-slate-600">
          Ends every session of your user on every device, including this one.
        </p>
        <form action={signOutEverywhereAction}>
          <ConfirmButton
            label="Sign out everywhere"
            title="Sign out everywhere?"
            body="Every browser signed in to your user, this one included, is signed out."
            confirmLabel="Sign out everywhere"
          />
        </form>
      </section>
    </div>
  );
}
