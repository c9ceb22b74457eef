import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { invitations, memberships, type Invitation } from '@/db/schema';
import { lockAccount } from '@/lib/accounts/lock';
import { recordAudit } from '@/lib/audit/record';
import { DomainError } from '@/lib/errors';
import { findInvitationById } from '@/lib/invitations/queries';
import { inviterIsStillOwner } from '@/lib/invitations/inviter';
import { normalizeEmail } from '@/lib/validation';

export type InvitationRefusal =
  | 'not_found'
  | 'wrong_email'
  | 'expired'
  | 'not_pending'
  | 'inviter_not_owner';

export const REFUSAL_MESSAGES: Record<InvitationRefusal, string> = {
  not_found: 'This invitation does not exist.',
  wrong_email:
    'This invitation was sent to a different email address. Sign in with the invited address to accept it.',
  expired: 'This invitation has expired. Ask an owner of the organization to send a new one.',
  not_pending: 'This invitation is no longer valid: it was already used or withdrawn.',
  inviter_not_owner:
    'This invitation is no longer valid: the person who sent it is no longer an owner of the organization. Ask a current owner for a new one.',
};

/** Why a user cannot respond to an invitation (null: they can). */
export function refusalFor(
  invitation: { email: string; status: string; expiresAt: Date } | null,
  userEmail: string,
): InvitationRefusal | null {
  if (!invitation) return 'not_found';
  if (invitation.email !== normalizeEmail(userEmail)) return 'wrong_email';
  if (invitation.status !== 'pending') return 'not_pending';
  if (invitation.expiresAt.getTime() <= Date.now()) return 'expired';
  return null;
}

export const ALREADY_MEMBER_MESSAGE =
  'You are already a member of this organization. Your role was not changed: an owner can change it on the Users page.';

/**
 * Accepts or declines, atomically: one conditional UPDATE claims the pending invitation for
 * this user's verified address, so of any number of parallel attempts (or a racing revoke)
 * exactly one wins. Role and organization come from the invitation row only.
 *
 * Accepting is a membership change: like every other one it first locks the organization's
 * row (`lockAccount`, FOR NO KEY UPDATE). A user who is already a member is refused with a
 * DomainError before anything is written (the invitation stays pending): their current role
 * is not silently kept while an acceptance of another role is audited.
 */
export async function respondToInvitation(
  tx: DbOrTx,
  invitationId: string,
  user: { id: string; email: string },
  response: 'accepted' | 'declined',
): Promise<Invitation> {
  if (response === 'accepted') {
    // The organization of the invitation is locked before the claim (the order of a revoke
    // through the action core: account row, then invitation row). Only a claimable
    // invitation takes the lock; the claim below re-checks it under the lock.
    const target = await findInvitationById(tx, invitationId);
    const refusal = refusalFor(target, user.email);
    if (!target || refusal) throw new DomainError(REFUSAL_MESSAGES[refusal ?? 'not_found']);
    await lockAccount(tx, target.accountId);
    // Checked under the lock and before the claim: nothing is written for a refusal. An
    // invitation stands only while its sender is an owner (removal, demotion and leaving
    // revoke them too; this catches anything that slipped past).
    if (!(await inviterIsStillOwner(tx, target))) {
      throw new DomainError(REFUSAL_MESSAGES.inviter_not_owner);
    }
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.accountId, target.accountId), eq(memberships.userId, user.id)));
    if (existing) throw new DomainError(ALREADY_MEMBER_MESSAGE);
  }
  const [claimed] = await tx
    .update(invitations)
    .set({ status: response, respondedAt: sql`now()`, respondedByUserId: user.id })
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, sql`now()`),
        eq(invitations.email, normalizeEmail(user.email)),
      ),
    )
    .returning();
  if (!claimed) {
    const current = await findInvitationById(tx, invitationId);
    throw new DomainError(REFUSAL_MESSAGES[refusalFor(current, user.email) ?? 'not_pending']);
  }
  if (response === 'accepted') {
    // No conflict to ignore: under the account lock nobody else adds this membership.
    await tx
      .insert(memberships)
      .values({ accountId: claimed.accountId, userId: user.id, role: claimed.role });
  }
  return claimed;
}

/**
 * The invitee's answer as the invitation page gives it: respond and write the audit event in
 * the organization's log, in one transaction. Throws DomainError when refused (nothing written).
 */
export function respondAndRecord(
  db: Db,
  input: {
    invitationId: string;
    user: { id: string; email: string };
    response: 'accepted' | 'declined';
    ip: string | null;
  },
): Promise<Invitation> {
  return db.transaction(async (tx) => {
    const invitation = await respondToInvitation(
      tx,
      input.invitationId,
      input.user,
      input.response,
    );
    await recordAudit(tx, {
      accountId: invitation.accountId,
      actorUserId: input.user.id,
      action: input.response === 'accepted' ? 'invitation.accepted' : 'invitation.declined',
      targetType: 'invitation',
      targetId: invitation.id,
      metadata: { email: invitation.email, role: invitation.role },
      ip: input.ip,
    });
    return invitation;
  });
}
