'use client';

import Link from 'next/link';
import { useEffect, useId, useMemo, useRef, useState } from 'react';

export interface MenuAccount {
  id: string;
  label: string;
  roleLabel: string;
  status: 'active' | 'suspended';
}

export interface MenuInvitation {
  id: string;
  organizationName: string;
  roleLabel: string;
  inviterName: string;
}

const FILTER_THRESHOLD = 10;

/**
 * The context switcher (DESIGN §9). A menu button: Enter/Space/ArrowDown open it, arrows
 * move, Home/End jump, Escape closes and returns focus, typing filters long lists.
 */
export function AccountMenu({
  current,
  accounts,
  invitations = [],
  user,
  signOutAction,
}: {
  current: MenuAccount;
  accounts: MenuAccount[];
  invitations?: MenuInvitation[];
  user: { name: string; email: string };
  signOutAction: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const menuId = useId();

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? accounts.filter((a) => a.label.toLowerCase().includes(q)) : accounts;
  }, [accounts, query]);

  const items = () =>
    Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    if (filterRef.current) filterRef.current.focus();
    else items()[0]?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function close() {
    setOpen(false);
    setQuery('');
    buttonRef.current?.focus();
  }

  function onMenuKeyDown(event: React.KeyboardEvent) {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        close();
        break;
      case 'ArrowDown':
        event.preventDefault();
        focus(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (index <= 0 && filterRef.current) filterRef.current.focus();
        else focus(index - 1);
        break;
      case 'Home':
        if (document.activeElement === filterRef.current) break;
        event.preventDefault();
        focus(0);
        break;
      case 'End':
        if (document.activeElement === filterRef.current) break;
        event.preventDefault();
        focus(list.length - 1);
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid="account-menu-button"
        onClick={() => (open ? close() : setOpen(true))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <span className="font-medium" data-testid="account-menu-label">
          {current.label}
        </span>
        <span className="text-slate-500">· {current.roleLabel}</span>
        {invitations.length > 0 && (
          <span
            className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white"
            aria-label={`${invitations.length} pending invitation${invitations.length === 1 ? '' : 's'}`}
          >
            {invitations.length}
          </span>
        )}
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-slate-500">
          <path d="M5 7l5 6 5-6z" fill="currentColor" />
        </svg>
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Switch account"
          onKeyDown={onMenuKeyDown}
          className="absolute right-0 z-30 mt-2 w-80 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          <div className="border-b border-slate-100 px-4 py-3">
            <p className="text-sm font-medium" data-testid="account-menu-user-name">
              {user.name}
            </p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
          </div>
          {accounts.length > FILTER_THRESHOLD && (
            <div className="border-b border-slate-100 p-2">
              <input
                ref={filterRef}
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowDown') {
                    event.preventDefault();
                    event.stopPropagation();
                    items()[0]?.focus();
                  }
                }}
                placeholder="Filter accounts…"
                aria-label="Filter accounts"
                className="input"
              />
            </div>
          )}
          <p className="px-4 pt-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Accounts
          </p>
          <ul className="max-h-80 overflow-y-auto py-1" role="none">
            {visible.map((account) => (
              <li key={account.id} role="none">
                <Link
                  href={`/a/${account.id}`}
                  role="menuitem"
                  tabIndex={-1}
                  onClick={() => setOpen(false)}
                  aria-current={account.id === current.id ? 'true' : undefined}
                  className="flex items-center justify-between gap-3 px-4 py-2 text-sm outline-none hover:bg-slate-50 focus:bg-brand-50 aria-[current=true]:font-semibold"
                >
                  <span className="truncate">{account.label}</span>
                  <span className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
                    {account.roleLabel}
                    <StatusDot status={account.status} />
                  </span>
                </Link>
              </li>
            ))}
            {visible.length === 0 && (
              <li role="none" className="px-4 py-2 text-sm text-slate-500">
                No account matches “{query}”.
              </li>
            )}
          </ul>
          {invitations.length > 0 && (
            <div className="border-t border-slate-100" data-testid="menu-invitations">
              <p className="px-4 pt-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                Invitations
              </p>
              <ul className="py-1" role="none">
                {invitations.map((invitation) => (
                  <li key={invitation.id} role="none">
                    <Link
                      href={`/invitations/${invitation.id}`}
                      role="menuitem"
                      tabIndex={-1}
                      onClick={() => setOpen(false)}
                      className="block px-4 py-2 text-sm outline-none hover:bg-slate-50 focus:bg-brand-50"
                    >
                      <span className="font-medium">{invitation.organizationName}</span>
                      <span className="block text-xs text-slate-500">
                        {invitation.inviterName} invited you as {invitation.roleLabel}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <form action={signOutAction} className="border-t border-slate-100 p-1">
            <button
              type="submit"
              role="menuitem"
              tabIndex={-1}
              className="w-full rounded px-3 py-2 text-left text-sm outline-none hover:bg-slate-50 focus:bg-brand-50"
            >
              Sign out
            </button>
          </form>
        </div>
      )}
    </div>
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
