'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/**
 * Re-renders the page from the server every few seconds while `active` (some resource is in a
 * transitional state), so the list follows the lifecycle without a reload, and stops once
 * everything has settled.
 */
export function AutoRefresh({
  active,
  intervalMs = 1_500,
}: {
  active: boolean;
  intervalMs?: number;
}) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <span className="sr-only" role="status">
      Updating while resources change state…
    </span>
  ) : null;
}
