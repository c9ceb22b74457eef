import Link from 'next/link';
import { getDb } from '@/db/client';
import { AccountMenu } from '@/components/shell/account-menu';
import { Logo } from '@/components/ui/logo';
import { SideNav } from '@/components/shell/side-nav';
import { accountLabel, listUserAccounts } from '@/lib/accounts/queries';
import { listPendingInvitationsForEmail } from '@/lib/invitations/queries';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requirePageAccess } from '@/lib/authz/page';
import { consoleNavigation, consolePath } from '@/lib/authz/console';
import { formatMoney } from '@/lib/money';
import { signOutAction } from '@/app/(auth)/actions';

export default async function AccountLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ accountId: string }>;
}) {
  const { accountId } = await params;
  const access = await requirePageAccess(accountId, 'account.view');
  const { account, role, user } = access;
  const db = await getDb();
  const [choices, invitations] = await Promise.all([
    listUserAccounts(db, user.id),
    listPendingInvitationsForEmail(db, user.email),
  ]);
  const label = accountLabel(account);
  const base = `/a/${account.id}`;

  // Only the pages the role may open (the same rule as each page's own server check).
  const sections = consoleNavigation(access);

  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 flex h-14 items-center justify-between border-b border-slate-200 bg-white px-4">
        <Link href={base} className="text-slate-900">
          <Logo />
        </Link>
        <AccountMenu
          current={{ id: account.id, label, roleLabel: ROLE_LABELS[role], status: account.status }}
          accounts={choices.map((c) => ({
            id: c.id,
            label: accountLabel(c),
            roleLabel: ROLE_LABELS[c.role],
            status: c.status,
          }))}
          invitations={invitations.map((i) => ({
            id: i.id,
            organizationName: i.organizationName,
            roleLabel: ROLE_LABELS[i.role],
            inviterName: i.inviterName ?? 'An owner',
          }))}
          user={{ name: user.name, email: user.email }}
          signOutAction={signOutAction}
        />
      </header>
      <div className="flex flex-1">
        <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white md:block">
          <SideNav sections={sections} />
        </aside>
        <div className="min-w-0 flex-1">
          {account.status === 'suspended' && (
            <div
              data-testid="status-banner"
              className="border-b border-amber-200 bg-amber-50 px-6 py-3 text-sm text-amber-900"
            >
              <strong>{label} is SUSPENDED</strong> · balance{' '}
              {formatMoney(account.balance, account.currency)}.{' '}
              {access.can('billing.manage') ? (
                <Link href={consolePath(account.id, 'billing')} className="font-medium underline">
                  Make a payment to activate this{' '}
                  {account.kind === 'organization' ? 'organization' : 'account'}.
                </Link>
              ) : (
                'An owner or admin of this organization can make a payment to activate it.'
              )}{' '}
              Until then no resources can be created or started.
            </div>
          )}
          <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
        </div>
      </div>
    </div>
  );
}
