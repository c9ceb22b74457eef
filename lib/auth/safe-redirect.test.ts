import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';

const FALLBACK = '/fallback';

describe('safeRedirectPath', () => {
  it.each([
    ['/a/x?y=1#z', '/a/x?y=1#z'],
    ['/', '/'],
    [
      '/a/0b0e6c4e-1111-4222-8333-944444444444/overview',
      '/a/0b0e6c4e-1111-4222-8333-944444444444/overview',
    ],
    // Percent-encoded CR/LF stay encoded: a harmless path segment, no header injection.
    ['/%0d%0a', '/%0d%0a'],
    ['/%2F%2Fevil.com', '/%2F%2Fevil.com'],
    // Dot segments inside the path are resolved to a same-origin path.
    ['/a/./b/../c', '/a/c'],
  ])('accepts the same-origin path %j', (target, expected) => {
    expect(safeRedirectPath(target, FALLBACK)).toBe(expected);
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative with path', '//evil.com/a/x'],
    ['backslash host', '/\\evil.com'],
    ['backslash anywhere', '/a\\b'],
    ['absolute URL', 'https://evil.com'],
    ['absolute URL on http', 'http://evil.com/a'],
    ['javascript: scheme', 'javascript:alert(1)'],
    ['data: scheme', 'data:text/html,hi'],
    ['relative path', 'a/x'],
    ['literal CR/LF', '/a\r\nSet-Cookie: x=1'],
    ['tab that a browser strips into //', '/\t/evil.com'],
    ['NUL', '/a\u0000b'],
    ['DEL', '/a\u007fb'],
    ['dot segment folding into //', '/.//evil.com'],
    ['parent segment folding into //', '/a/..//evil.com'],
    ['root parent folding into //', '/..//evil.com'],
    ['encoded dot segment folding into //', '/%2e%2e//evil.com'],
    ['empty', ''],
    ['over 2000 characters', `/${'a'.repeat(2000)}`],
  ])('refuses %s (%j)', (_label, target) => {
    expect(safeRedirectPath(target, FALLBACK)).toBe(FALLBACK);
  });

  it('refuses null and undefined', () => {
    expect(safeRedirectPath(null, FALLBACK)).toBe(FALLBACK);
    expect(safeRedirectPath(undefined, FALLBACK)).toBe(FALLBACK);
  });

  it('falls back to "/" by default', () => {
    expect(safeRedirectPath('https://evil.com')).toBe('/');
    expect(safeRedirectPath(null)).toBe('/');
  });

  it('never returns something a browser would treat as another origin', () => {
    const attempts = [
      '/.//evil.com',
      '/././/evil.com',
      '/a/b/../..//evil.com',
      '/%2e//evil.com',
      '/%2E%2E//evil.com?x#y',
      '/a/..//evil.com/path?q=1',
    ];
    for (const target of attempts) {
      const result = safeRedirectPath(target, FALLBACK);
      expect(result.startsWith('/')).toBe(true);
      expect(new URL(result, 'https://console.example').origin).toBe('https://console.example');
    }
  });
});
