/** The console's public base URL, without a trailing slash. */
export function appBaseUrl(): string {
  const base = process.env.APP_URL || process.env.AUTH_URL || 'http://localhost:3000';
  return base.replace(/\/+$/, '');
}

/** Builds an absolute URL for a path of this app, e.g. appUrl('/verify-email?token=…'). */
export function appUrl(path: string): string {
  return `${appBaseUrl()}${path.startsWith('/') ? '' : '/'}${path}`;
}
