import { headers } from 'next/headers';
import { clientIpFromHeaders } from '@/lib/http/client-ip';

// lib/http/: the request's surroundings (client IP, the app's public URL). Imports nothing of
// the domains; anything on the server may use it.

export async function getClientIp(): Promise<string> {
  return clientIpFromHeaders(await headers());
}
