'use client';

import { useEffect, useState } from 'react';
import type { MenuAccount } from '@/lib/accounts/menu';

// The account menu's server search: a page carries only the user's first accounts, the
// others are found through GET /api/account-menu as the user types.

/** Pause after the last keystroke before the server is asked. */
const SEARCH_DELAY_MS = 150;

export interface SearchResult {
  query: string;
  accounts: MenuAccount[];
  total: number;
}

/**
 * Searches the user's accounts on the server while they type, when the page carries only
 * some of them (`total` > accounts shipped). The latest query wins; older answers are dropped.
 */
export function useServerSearch(query: string, enabled: boolean) {
  const [result, setResult] = useState<SearchResult | null>(null);
  const [failedFor, setFailedFor] = useState<string | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (!enabled || !q) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/account-menu?${new URLSearchParams({ q })}`, {
          signal: controller.signal,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { accounts: MenuAccount[]; total: number };
        setResult({ query: q, ...body });
      } catch {
        if (!controller.signal.aborted) setFailedFor(q);
      }
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, enabled]);
  const q = query.trim();
  return { result: result?.query === q ? result : null, failed: failedFor === q };
}

/** What the menu says under its list when it carries only some of the accounts. */
export function menuStatus(state: {
  query: string;
  partial: boolean;
  shown: number;
  total: number;
  search: { result: SearchResult | null; failed: boolean };
}): string {
  const { query, partial, shown, total, search } = state;
  if (!partial) return '';
  if (!query) return `Showing ${shown} of ${total} accounts. Type to search them all.`;
  if (search.failed) return 'Searching failed. Try again.';
  if (!search.result) return 'Searching…';
  const { accounts, total: matches } = search.result;
  return matches > accounts.length ? `${accounts.length} of ${matches} matches: keep typing.` : '';
}
