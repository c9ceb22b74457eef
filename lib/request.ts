import { headers } from 'next/headers';
import { clientIpFromHeaders } from '@/lib/client-ip';

export async function getClientIp(): Promise<string> {
  return clientIpFromHeaders(await headers());
}
