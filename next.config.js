/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

// Pages whose URL carries a secret token must not leak it to other sites through the Referer
// header. 'same-origin' rather than 'no-referrer': with no-referrer a form posted before
// hydration carries `Origin: null`, which Next's server-action CSRF check rightly refuses.
const tokenPages = ['/verify-email', '/reset-password'];

const nextConfig = {
  // The end-to-end suite builds into its own folder so it never clashes with `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Loaded by Node at run time instead of bundled: the native and WebAssembly ones must be, and
  // the large pure-JS ones (an ORM, a schema library, two SDKs, the email renderer's
  // formatter) are thousands of modules Turbopack would otherwise compile before the first
  // page of `npm run dev` (and in every build).
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'pg',
    'pg-boss',
    'drizzle-orm',
    'zod',
    'stripe',
    'resend',
    'prettier',
  ],
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      ...tokenPages.map((source) => ({
        source,
        headers: [{ key: 'Referrer-Policy', value: 'same-origin' }],
      })),
      // Invitation pages send no Referer at all. Their buttons stay disabled until hydrated:
      // a native pre-hydration form post would carry `Origin: null` under this policy.
      ...['/invitation', '/invitations/:path*'].map((source) => ({
        source,
        headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }],
      })),
    ];
  },
};

export default nextConfig;
