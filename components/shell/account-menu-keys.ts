'use client';

import { useEffect, type RefObject } from 'react';

// The account menu's keyboard and pointer behaviour (the WAI-ARIA menu button pattern):
// arrows move between items, Home/End jump, Escape closes and gives focus back to the button,
// Tab or a click outside closes it.

/** The menu's items in document order. */
export function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
}

/**
 * While open: focus the filter (or the first item) and close on a pointer outside. Runs when
 * `open` changes only (the refs and the state setter are stable), so focus is not taken back
 * from an item when the list re-renders.
 */
export function useOpenMenu(
  open: boolean,
  setOpen: (open: boolean) => void,
  menu: RefObject<HTMLElement | null>,
  button: RefObject<HTMLElement | null>,
  filter: RefObject<HTMLElement | null>,
) {
  useEffect(() => {
    if (!open) return;
    if (filter.current) filter.current.focus();
    else menuItems(menu.current)[0]?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, setOpen, menu, button, filter]);
}

/** The menu's key handling; `close` returns focus to the button, `dismiss` does not. */
export function onMenuKey(
  event: React.KeyboardEvent,
  menu: HTMLElement | null,
  filter: HTMLElement | null,
  actions: { close: () => void; dismiss: () => void },
) {
  const list = menuItems(menu);
  const index = list.indexOf(document.activeElement as HTMLElement);
  const focus = (i: number) => list[(i + list.length) % list.length]?.focus();
  const inFilter = document.activeElement === filter;
  const moves: Record<string, (() => void) | undefined> = {
    Escape: actions.close,
    ArrowDown: () => focus(index + 1),
    ArrowUp: () => (index <= 0 && filter ? filter.focus() : focus(index - 1)),
    // In the filter, Home and End move the text cursor.
    Home: inFilter ? undefined : () => focus(0),
    End: inFilter ? undefined : () => focus(list.length - 1),
  };
  if (event.key === 'Tab') return actions.dismiss();
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  move();
}
