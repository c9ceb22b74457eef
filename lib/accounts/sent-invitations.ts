import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { invitations, type Invitation } from '@/db/schema';
import type { AuditSpec } from '@/lib/actions/core';

/**
 * An invitation is an owner's decision and lives only as long as its sender is an owner of
 * the organization: when an owner is removed, demoted or leaves, their pending invitations
 * are revoked in the same transaction as that change (a removed owner's accomplice cannot
 * still join, as Owner or otherwise). Here, below members/ and invitations/, because leaving
 * (accounts/) and removal or demotion (members/) all need it; accepting re-checks the sender
 * too (invitations/inviter.ts).
 */
export type InviterChange = 'inviter_removed' | 'inviter_demoted' | 'inviter_left';

/** Revokes every pending invitation `userId` sent in the organization; returns them. */
export async function revokeInvitationsSentBy(
  tx: DbOrTx,
  accountId: string,
  userId: string,
): Promise<Invitation[]> {
  return tx
    .update(invitations)
    .set({ status: 'revoked', respondedAt: sql`now()` })
    .where(
      and(
        eq(invitations.accountId, accountId),
        eq(invitations.invitedByUserId, userId),
        eq(invitations.status, 'pending'),
      ),
    )
    .returning();
}

/** The audit events of those revocations: `invitation.revoked`, with why. */
export function revokedWithInviterAudits(
  revoked: Invitation[],
  reason: InviterChange,
): AuditSpec[] {
  return revoked.map((invitation) => ({
    action: 'invitation.revoked',
    targetType: 'invitation',
    targetId: invitation.id,
    metadata: {
      email: invitation.email,
      role: invitation.role,
      reason,
      invitedByUserId: invitation.invitedByUserId,
    },
  }));
}

/** "The 2 pending invitations they sent were revoked." */
export function pendingRevokedText(count: number): string {
  return count === 1
    ? 'The pending invitation they sent was revoked.'
    : `The ${count} pending invitations they sent were revoked.`;
}
