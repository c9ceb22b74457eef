'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { signOut } from '@/lib/auth/config';
import { endUserSession } from '@/lib/auth/sign-out';
import { failure, success, type FormState } from '@/lib/forms';
import { getClientIp } from '@/lib/http/request';
import { getPrincipal, requireUser } from '@/lib/auth/session';

const sessionTarget = z.object({ sessionId: z.uuid({ error: 'Unknown session.' }) });

/**
 * "Sign out" on one row of the security page: ends that session of the signed-in user (only
 * their own; another user's id finds nothing). Ending the current one signs this browser out.
 */
export async function signOutSessionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser();
  const parsed = sessionTarget.safeParse({ sessionId: form.get('sessionId') });
  if (!parsed.success) return failure('Unknown session.');
  const db = await getDb();
  const principal = await getPrincipal();
  const ended = await endUserSession(db, {
    userId: user.id,
    sessionId: parsed.data.sessionId,
    currentTokenHash: principal?.tokenHash ?? null,
    ip: await getClientIp(),
  });
  if (ended === 'none') return failure('This session had already ended.');
  if (ended === 'current') {
    await signOut({ redirect: false });
    redirect('/sign-in');
  }
  revalidatePath('/a', 'layout');
  return success('That session is signed out.');
}
