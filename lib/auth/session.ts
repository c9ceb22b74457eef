import { cache } from 'react';
import { getToken } from 'next-auth/jwt';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { authSecret } from '@/lib/auth/config';
import { findSessionUser, sessionPrincipal, type SessionPrincipal } from '@/lib/auth/sessions';

// Auth.js names its cookie by the scheme it was set over; either may be present.
const COOKIE_NAMES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;

/**
 * The signed-in principal from the (encrypted) session cookie — not yet checked against the
 * database: the access query does that. Read with Auth.js's own decoder, so the session token
 * never has to appear in what auth() returns (and /api/auth/session shows).
 */
export const getPrincipal = cache(async (): Promise<SessionPrincipal | null> => {
  // Only the cookie: a JWT in an Authorization header (getToken's fallback) is not accepted.
  const cookies = new Headers({ cookie: (await headers()).get('cookie') ?? '' });
  const secret = authSecret();
  if (!secret) return null;
  for (const cookieName of COOKIE_NAMES) {
    const token = await getToken({
      req: { headers: cookies },
      secret,
      cookieName,
      salt: cookieName,
      secureCookie: cookieName.startsWith('__Secure-'),
    });
    if (token && typeof token.sid === 'string') return sessionPrincipal(token.sid);
  }
  return null;
});

/** The signed-in user, or null when signed out or the session has ended. */
export const getCurrentUser = cache(async () => {
  const principal = await getPrincipal();
  if (!principal) return null;
  return findSessionUser(await getDb(), principal.tokenHash);
});

export async function requireUser() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}
