import Link from 'next/link';
import type { MenuAccount } from '@/lib/accounts/menu';
import { MENU_ITEM_CLASS, MenuHeading } from './account-menu-parts';

/** The menu's accounts, and what it says under them (empty result, partial list). */
export function AccountList({
  accounts,
  currentId,
  emptyText,
  status,
  onChoose,
}: {
  accounts: MenuAccount[];
  currentId: string;
  emptyText: string | null;
  status: string;
  onChoose: () => void;
}) {
  return (
    <>
      <MenuHeading>Accounts</MenuHeading>
      <ul className="max-h-80 overflow-y-auto py-1" role="none">
        {accounts.map((account) => (
          <li key={account.id} role="none">
            <Link
              href={`/a/${account.id}`}
              role="menuitem"
              tabIndex={-1}
              onClick={onChoose}
              aria-current={account.id === currentId ? 'true' : undefined}
              className={`flex items-center justify-between gap-3 ${MENU_ITEM_CLASS} aria-[current=true]:font-semibold`}
            >
              <span className="truncate">{account.label}</span>
              <span className="flex shrink-0 items-center gap-2 text-xs text-slate-600">
                {account.roleLabel}
                <StatusDot status={account.status} />
              </span>
            </Link>
          </li>
        ))}
        {emptyText && (
          <li role="none" className="px-4 py-2 text-sm text-slate-500">
            {emptyText}
          </li>
        )}
      </ul>
      <p
        aria-live="polite"
        data-testid="account-menu-status"
        className="px-4 pb-2 text-xs text-slate-500 empty:hidden"
      >
        {status}
      </p>
    </>
  );
}

function StatusDot({ status }: { status: 'active' | 'suspended' }) {
  return (
    <span
      title={status === 'active' ? 'Active' : 'Suspended'}
      className={`inline-block h-2 w-2 rounded-full ${status === 'active' ? 'bg-emerald-500' : 'bg-amber-500'}`}
    >
      <span className="sr-only">{status === 'active' ? 'Active' : 'Suspended'}</span>
    </span>
  );
}
