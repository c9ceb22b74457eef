import fs from 'node:fs/promises';
import path from 'node:path';

// The API reference page: Scalar's renderer over /api/v1/openapi.json. Its usual handler
// (@scalar/nextjs-api-reference) loads the bundle from a CDN and starts it with an inline
// script without a nonce — both refused by our CSP (and a CDN is unreachable offline). So the
// bundle is served from our origin and started by a script carrying the request's nonce,
// which the proxy's policy ('strict-dynamic') then trusts for what it loads.

const BUNDLE = path.join(
  process.cwd(),
  'node_modules',
  '@scalar',
  'api-reference',
  'dist',
  'browser',
  'standalone.js',
);

let bundle: Promise<Buffer> | null = null;

export async function scalarBundle(): Promise<Response> {
  bundle ??= fs.readFile(BUNDLE).catch((error: unknown) => {
    bundle = null;
    throw error;
  });
  return new Response(new Uint8Array(await bundle), {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    },
  });
}

const CONFIGURATION = {
  url: '/api/v1/openapi.json',
  // Nothing leaves our origin: no fonts from Scalar's CDN, no telemetry, no hosted AI chat
  // or MCP generator (the CSP would refuse them anyway).
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  defaultOpenAllTags: true,
  metaData: { title: 'Alpenglow API reference' },
};

/** Only a nonce the proxy made (base64) goes into the page. */
const NONCE = /^[A-Za-z0-9+/=]{8,200}$/;

export function referencePage(nonce: string | null): Response {
  const attr = nonce && NONCE.test(nonce) ? ` nonce="${nonce}"` : '';
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Alpenglow API reference</title>
  </head>
  <body>
    <div id="app"></div>
    <script${attr} src="/api/reference/scalar.js"></script>
    <script${attr}>Scalar.createApiReference('#app', ${JSON.stringify(CONFIGURATION)});</script>
  </body>
</html>`;
  return new Response(html, {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
