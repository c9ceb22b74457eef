import { cache } from 'react';
import { forbidden, notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { touchDue, touchMembership } from '@/lib/members/members';
import { getPrincipal } from '@/lib/auth/session';
import { AccessError, checkAccess, type AccessContext } from './access';
import { CONSOLE_PAGES, pageExistsFor, type ConsolePageName } from './console';
import type { Permission } from './permissions';

/**
 * The signed-in user's access to one account, resolved once per request (React's cache is
 * request-scoped). A layout and its page ask for different permissions of the same account:
 * keyed by the account alone, the access query and the "last active" touch run once, not once
 * per permission asked. 'account.view' is every member's right (DESIGN §2), so this resolves
 * the membership only; each caller's own permission is checked on the result.
 */
const accountAccess = cache(async (accountId: string): Promise<AccessContext> => {
  const access = await checkAccess(await getPrincipal(), accountId, 'account.view');
  if (touchDue(access.lastActiveAt)) {
    await touchMembership(await getDb(), access.account.id, access.user.id);
  }
  return access;
});

/**
 * For pages: the one access check, with its failures turned into the right response —
 * sign-in for a missing or revoked session, 404 for a non-member, 403 for a missing right.
 */
export async function requirePageAccess(
  accountId: string,
  permission: Permission,
): Promise<AccessContext> {
  try {
    const access = await accountAccess(accountId);
    if (!access.can(permission)) throw new AccessError('forbidden');
    return access;
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    if (error.reason === 'unauthenticated') redirect('/sign-in');
    if (error.reason === 'not_found') notFound();
    forbidden();
  }
}

/**
 * For console pages: the page's permission from the console map (the same rule the
 * navigation uses). A page that does not exist for this kind of account is a 404.
 */
export async function requireConsolePage(
  accountId: string,
  name: ConsolePageName,
): Promise<AccessContext> {
  // The layout's check, cached for this request: no second query.
  const access = await requirePageAccess(accountId, 'account.view');
  if (!pageExistsFor(name, access.account.kind)) notFound();
  if (!access.can(CONSOLE_PAGES[name].permission)) forbidden();
  return access;
}
