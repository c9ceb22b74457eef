import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import {
  MENU_ACCOUNTS,
  menuEntry,
  menuSearchSchema,
  searchUserAccounts,
} from '@/lib/accounts/menu';
import { getCurrentUser } from '@/lib/auth/session';

// The account menu's search: the signed-in user's own accounts whose label contains `q`
// (pages carry only the first few; see lib/accounts/menu.ts). It reveals nothing beyond what
// the user's own menu shows.
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) {
    return NextResponse.json(
      { error: { code: 'unauthenticated', message: 'Sign in to search your accounts.' } },
      { status: 401, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const { q } = menuSearchSchema.parse({ q: request.nextUrl.searchParams.get('q') ?? undefined });
  const result = await searchUserAccounts(await getDb(), user.id, {
    query: q,
    limit: MENU_ACCOUNTS,
  });
  return NextResponse.json(
    { accounts: result.accounts.map(menuEntry), total: result.total },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}
