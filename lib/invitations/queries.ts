import { and, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, invitations, users } from '@/db/schema';
import { hashToken } from '@/lib/auth/tokens';
import { normalizeEmail } from '@/lib/validation';

const invitationDetails = {
  id: invitations.id,
  accountId: invitations.accountId,
  invitedByUserId: invitations.invitedByUserId,
  email: invitations.email,
  role: invitations.role,
  status: invitations.status,
  expiresAt: invitations.expiresAt,
  createdAt: invitations.createdAt,
  organizationName: accounts.name,
  inviterName: users.name,
  inviterEmail: users.email,
};

export type InvitationDetails = Awaited<ReturnType<typeof findInvitationByToken>>;

/** The invitation a link points to, with what its page shows (organization, role, inviter). */
export async function findInvitationByToken(db: DbOrTx, token: string) {
  return findInvitationDetails(db, eq(invitations.tokenHash, hashToken(token)));
}

export async function findInvitationById(db: DbOrTx, invitationId: string) {
  return findInvitationDetails(db, eq(invitations.id, invitationId));
}

/** Invitations with their organization's name and the inviter's name. */
function selectInvitationDetails(db: DbOrTx) {
  return db
    .select(invitationDetails)
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId));
}

async function findInvitationDetails(db: DbOrTx, where: SQL) {
  const [row] = await selectInvitationDetails(db).where(where).limit(1);
  return row ?? null;
}

/** Pending, unexpired invitations addressed to this (verified) email: the account menu's list. */
export async function listPendingInvitationsForEmail(db: DbOrTx, email: string) {
  return selectInvitationDetails(db)
    .where(
      and(
        eq(invitations.email, normalizeEmail(email)),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(50);
}

/** An organization's pending invitations (expired ones included, marked by their date). */
export async function listAccountInvitations(db: DbOrTx, accountId: string) {
  return selectInvitationDetails(db)
    .where(and(eq(invitations.accountId, accountId), eq(invitations.status, 'pending')))
    .orderBy(desc(invitations.createdAt))
    .limit(500);
}
