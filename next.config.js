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
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pg-boss'],
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
