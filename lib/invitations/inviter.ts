import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { memberships } from '@/db/schema';

/**
 * Whether the sender of an invitation is (still) an owner of its organization: an invitation
 * stands only while they are (their removal, demotion or leaving revokes it:
 * accounts/sent-invitations.ts); accepting checks it again under the account lock.
 */
export async function inviterIsStillOwner(
  tx: DbOrTx,
  invitation: { accountId: string; invitedByUserId: string | null },
): Promise<boolean> {
  if (!invitation.invitedByUserId) return false;
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.accountId, invitation.accountId),
        eq(memberships.userId, invitation.invitedByUserId),
      ),
    );
  return row?.role === 'owner';
}
