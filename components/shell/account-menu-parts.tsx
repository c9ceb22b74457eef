'use client';

import Link from 'next/link';
import type { RefObject } from 'react';
import type { MenuAccount } from '@/lib/accounts/menu';

// The pieces of the account menu (account-menu.tsx): its button, the filter, the invitations
// and sign out. The account list is account-list.tsx.

export interface MenuInvitation {
  id: string;
  organizationName: string;
  roleLabel: string;
  inviterName: string;
}

/** How every entry of the menu looks (a link or the sign-out button). */
export const MENU_ITEM_CLASS = 'px-4 py-2 text-sm outline-none hover:bg-slate-50 focus:bg-brand-50';

/** A section title inside the menu. */
export function MenuHeading({ children }: { children: React.ReactNode }) {
  return (
    <p className="px-4 pt-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
      {children}
    </p>
  );
}

/** The button that carries the current context's label and opens the menu. */
export function MenuButton({
  current,
  invitationCount,
  open,
  menuId,
  buttonRef,
  onToggle,
  onOpen,
}: {
  current: MenuAccount;
  invitationCount: number;
  open: boolean;
  menuId: string;
  buttonRef: RefObject<HTMLButtonElement | null>;
  onToggle: () => void;
  onOpen: () => void;
}) {
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-haspopup="menu"
      aria-expanded={open}
      aria-controls={open ? menuId : undefined}
      data-testid="account-menu-button"
      onClick={onToggle}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown' && !open) {
          event.preventDefault();
          onOpen();
        }
      }}
      className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      <span className="font-medium" data-testid="account-menu-label">
        {current.label}
      </span>
      <span className="text-slate-500">· {current.roleLabel}</span>
      {invitationCount > 0 && (
        <span
          className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white"
          aria-label={`${invitationCount} pending invitation${invitationCount === 1 ? '' : 's'}`}
        >
          {invitationCount}
        </span>
      )}
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-slate-500">
        <path d="M5 7l5 6 5-6z" fill="currentColor" />
      </svg>
    </button>
  );
}

/** The filter of a long account list; ArrowDown moves into the list. */
export function MenuFilter({
  filterRef,
  query,
  onQuery,
  onArrowDown,
}: {
  filterRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery: (query: string) => void;
  onArrowDown: () => void;
}) {
  return (
    <div className="border-b border-slate-100 p-2">
      <input
        ref={filterRef}
        type="search"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            event.stopPropagation();
            onArrowDown();
          }
        }}
        placeholder="Filter accounts…"
        aria-label="Filter accounts"
        className="input"
      />
    </div>
  );
}

/** Invitations addressed to the user, each a link to its answer page. */
export function MenuInvitations({
  invitations,
  onChoose,
}: {
  invitations: MenuInvitation[];
  onChoose: () => void;
}) {
  return (
    <div className="border-t border-slate-100" data-testid="menu-invitations">
      <MenuHeading>Invitations</MenuHeading>
      <ul className="py-1" role="none">
        {invitations.map((invitation) => (
          <li key={invitation.id} role="none">
            <Link
              href={`/invitations/${invitation.id}`}
              role="menuitem"
              tabIndex={-1}
              onClick={onChoose}
              className={`block ${MENU_ITEM_CLASS}`}
            >
              <span className="font-medium">{invitation.organizationName}</span>
              <span className="block text-xs text-slate-600">
                {invitation.inviterName} invited you as {invitation.roleLabel}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SignOutItem({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action} className="border-t border-slate-100 p-1">
      <button
        type="submit"
        role="menuitem"
        tabIndex={-1}
        className="w-full rounded px-3 py-2 text-left text-sm outline-none hover:bg-slate-50 focus:bg-brand-50"
      >
        Sign out
      </button>
    </form>
  );
}
