import { cache } from 'react';
import { and, eq, isNotNull } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { auth } from '@/lib/auth/config';
import type { SessionPrincipal } from '@/lib/authz/access';

/** The signed-in principal from the session cookie (not yet checked against the database). */
export const getPrincipal = cache(async (): Promise<SessionPrincipal | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return { userId, sessionVersion: session.sessionVersion };
});

/** The signed-in user, or null when signed out or the session was revoked. */
export const getCurrentUser = cache(async () => {
  const principal = await getPrincipal();
  if (!principal) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.id, principal.userId),
        eq(users.sessionVersion, principal.sessionVersion),
        isNotNull(users.emailVerified),
      ),
    )
    .limit(1);
  return user ?? null;
});

export async function requireUser() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}
