import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { getCurrentUser } from '@/lib/auth/session';
import { getPersonalAccountId } from '@/lib/auth/users';

// Everyone lands in their personal account, whatever context they used last.
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  const accountId = await getPersonalAccountId(await getDb(), user.id);
  if (!accountId) redirect('/sign-in');
  redirect(`/a/${accountId}`);
}
