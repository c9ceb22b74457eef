import { headers } from 'next/headers';

/**
 * The client's address as seen by the nearest proxy: the last x-forwarded-for entry (the
 * one our own front server added), which a client cannot forge.
 */
export async function getClientIp(): Promise<string> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  return last || h.get('x-real-ip') || 'unknown';
}
