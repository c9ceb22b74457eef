/**
 * Returns a same-origin path for a user-supplied redirect target, or the fallback.
 * Accepts only absolute paths ("/x"), never "//host", "/\host", schemes or control chars.
 */
export function safeRedirectPath(target: string | null | undefined, fallback = '/'): string {
  if (!target || target.length > 2000) return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return fallback;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    const url = new URL(target, 'http://same-origin.invalid');
    if (url.origin !== 'http://same-origin.invalid') return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments can normalise "/.//evil.com" into "//evil.com": check the result too.
    if (path.startsWith('//')) return fallback;
    return path;
  } catch {
    return fallback;
  }
}
