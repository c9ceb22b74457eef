import Link from 'next/link';
import { requireConsolePage } from '@/lib/authz/page';
import { signOutEverywhereAction } from '@/app/(auth)/actions';

export const metadata = { title: 'Sign-in & security' };

export default async function SecurityPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { user } = await requireConsolePage(accountId, 'security');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Sign-in &amp; security</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-medium">Signed in as</h2>
        <p className="text-sm text-slate-600">
          {user.name} · {user.email}
        </p>
      </section>
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
          <button type="submit" className="btn-secondary">
            Sign out on all devices
          </button>
        </form>
      </section>
    </div>
  );
}
