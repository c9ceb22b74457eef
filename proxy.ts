import { NextResponse, type NextRequest } from 'next/server';
import { buildCsp, stripeBrowserSettings } from '@/lib/security/csp';

// Sets a per-request nonce-based Content-Security-Policy, and refuses cross-site writes
// before they reach a page, an action or a route. Authorization never happens here (DESIGN
// §3) but in lib/authz, on every page and action.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Callers that authenticate without cookies (signed webhooks, API keys) come from anywhere. */
const CROSS_SITE_ALLOWED = ['/api/webhooks/', '/api/v1/'];

/**
 * A write sent by another site with the user's cookies: its Origin names another host (or is
 * "null"), or the browser says so (Sec-Fetch-Site). Next refuses such a server action too, but
 * with a 500 after parsing the body; this answers 403 at once, for route handlers as well.
 */
function isCrossSiteWrite(request: NextRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const path = request.nextUrl.pathname;
  if (CROSS_SITE_ALLOWED.some((prefix) => path.startsWith(prefix))) return false;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" (a sandboxed or privacy-stripped origin) or garbage
  }
}

export function proxy(request: NextRequest) {
  if (isCrossSiteWrite(request)) {
    return new NextResponse('Cross-site request refused.\n', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
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
