import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '@/db/availability';

// The one answer while the database cannot be reached: 503 with Retry-After, never a stack
// trace or Next's 500 page. The REST API (and every /api/ route) gets DESIGN §7's error body,
// a server action call a plain text, a page a self-contained HTML page (no script, no
// stylesheet that would itself need the app) with a "Try again" link to the same address.

const HEADERS = {
  'Cache-Control': 'no-store',
  'Retry-After': String(RETRY_AFTER_SECONDS),
};

export const UNAVAILABLE_CODE = 'unavailable';

/** DESIGN §7's error body for a 503. */
export function unavailableJson(): Response {
  return Response.json(
    { error: { code: UNAVAILABLE_CODE, message: UNAVAILABLE_MESSAGE } },
    { status: 503, headers: HEADERS },
  );
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function unavailablePage(path: string): string {
  const again = escapeHtml(path.startsWith('/') && !path.startsWith('//') ? path : '/');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable · Alpenglow</title>
<style>body{font-family:system-ui,sans-serif;color:#0f172a;display:flex;min-height:100vh;
margin:0;align-items:center;justify-content:center;text-align:center}main{max-width:28rem;
padding:1rem}a{display:inline-block;margin-top:1rem;padding:.5rem 1rem;border-radius:.375rem;
background:#c2410c;color:#fff;text-decoration:none}</style></head>
<body><main><p>503</p><h1>Temporarily unavailable</h1>
<p>${escapeHtml(UNAVAILABLE_MESSAGE)}</p>
<a href="${again}">Try again</a></main></body></html>
`;
}

/** The 503 for `request`: JSON for /api/, text for a server action, HTML for a page. */
export function unavailableResponse(request: Request): Response {
  const url = new URL(request.url);
  if (url.pathname.startsWith('/api/')) return unavailableJson();
  if (request.headers.has('next-action')) {
    return new Response(`${UNAVAILABLE_MESSAGE}\n`, {
      status: 503,
      headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(unavailablePage(url.pathname + url.search), {
    status: 503,
    headers: { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8' },
  });
}
