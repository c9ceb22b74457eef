/**
 * The client's address as seen by the nearest proxy: the last x-forwarded-for entry (the one
 * our own front server added), which a client cannot forge.
 */
export function clientIpFromHeaders(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').pop()?.trim();
  return last || headers.get('x-real-ip') || 'unknown';
}
