import { NextResponse, type NextRequest } from 'next/server';
import { buildCsp, stripeBrowserSettings } from '@/lib/security/csp';

// Sets a per-request nonce-based Content-Security-Policy. This is a header concern only:
// authorization never happens here (DESIGN §3) but in lib/authz, on every page and action.
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV !== 'production';
  const csp = buildCsp({ nonce, dev, stripe: stripeBrowserSettings() });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
