'use client';

import { useId, useMemo, useRef, useState } from 'react';
import type { MenuAccount } from '@/lib/accounts/menu';
import { AccountList } from './account-list';
import { menuItems, onMenuKey, useOpenMenu } from './account-menu-keys';
import {
  MenuButton,
  MenuFilter,
  MenuInvitations,
  SignOutItem,
  type MenuInvitation,
} from './account-menu-parts';
import { menuStatus, useServerSearch } from './account-menu-search';

export type { MenuAccount, MenuInvitation };

const FILTER_THRESHOLD = 10;
/**
 * The context switcher (DESIGN §9). A menu button: Enter/Space/ArrowDown open it, arrows
 * move, Home/End jump, Escape closes and returns focus, typing filters long lists (on the
 * server when the page carries only the first of many accounts).
 */
export function AccountMenu({
  current,
  accounts,
  total = accounts.length,
  invitations = [],
  user,
  signOutAction,
}: {
  current: MenuAccount;
  /** The first accounts of the user (all of them when `total` is not larger). */
  accounts: MenuAccount[];
  /** How many accounts the user has in all. */
  total?: number;
  invitations?: MenuInvitation[];
  user: { name: string; email: string };
  signOutAction: () => Promise<void>;
}) {
  const menu = useAccountMenu(accounts, total);
  const { open, setOpen, query, buttonRef, menuRef, filterRef, close } = menu;
  const partial = total > accounts.length;

  return (
    <div className="relative">
      <MenuButton
        current={current}
        invitationCount={invitations.length}
        open={open}
        menuId={menu.id}
        buttonRef={buttonRef}
        onToggle={() => (open ? close() : setOpen(true))}
        onOpen={() => setOpen(true)}
      />
      {open && (
        <div
          ref={menuRef}
          id={menu.id}
          role="menu"
          aria-label="Switch account"
          onKeyDown={(event) =>
            onMenuKey(event, menuRef.current, filterRef.current, {
              close,
              dismiss: () => setOpen(false),
            })
          }
          className="absolute right-0 z-30 mt-2 w-80 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          <div className="border-b border-slate-100 px-4 py-3">
            <p className="text-sm font-medium" data-testid="account-menu-user-name">
              {user.name}
            </p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
          </div>
          {total > FILTER_THRESHOLD && (
            <MenuFilter
              filterRef={filterRef}
              query={query}
              onQuery={menu.setQuery}
              onArrowDown={() => menuItems(menuRef.current)[0]?.focus()}
            />
          )}
          <AccountList
            accounts={menu.visible}
            currentId={current.id}
            emptyText={
              menu.visible.length === 0 && (!partial || menu.search.result)
                ? `No account matches “${query}”.`
                : null
            }
            status={menu.status}
            onChoose={() => setOpen(false)}
          />
          {invitations.length > 0 && (
            <MenuInvitations invitations={invitations} onChoose={() => setOpen(false)} />
          )}
          <SignOutItem action={signOutAction} />
        </div>
      )}
    </div>
  );
}

/** The menu's state: open or not, the filter, what it shows, and how it closes. */
function useAccountMenu(accounts: MenuAccount[], total: number) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const partial = total > accounts.length;
  const search = useServerSearch(query, open && partial);
  useOpenMenu(open, setOpen, menuRef, buttonRef, filterRef);

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return accounts;
    // Until the server answers, what the page already has is filtered at once.
    return search.result?.accounts ?? accounts.filter((a) => a.label.toLowerCase().includes(q));
  }, [accounts, query, search.result]);
  const status = menuStatus({
    query: query.trim(),
    partial,
    shown: accounts.length,
    total,
    search,
  });

  function close() {
    setOpen(false);
    setQuery('');
    buttonRef.current?.focus();
  }

  return {
    open,
    setOpen,
    query,
    setQuery,
    buttonRef,
    menuRef,
    filterRef,
    id,
    search,
    visible,
    status,
    close,
  };
}
