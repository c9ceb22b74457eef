import { and, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import {
  accounts,
  invitations,
  memberRole,
  memberships,
  users,
  type Invitation,
  type MemberRole,
} from '@/db/schema';
import { recordAudit } from '@/lib/audit';
import { isUniqueViolation } from '@/lib/db-errors';
import { DomainError, lockAccount } from '@/lib/organizations';
import { inviterIsStillOwner } from '@/lib/invitations/revoke-with-inviter';
import { generateToken, hashToken } from '@/lib/tokens';
import { emailSchema, normalizeEmail } from '@/lib/validation';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_INVITES_PER_REQUEST = 20;

export const roleSchema = z.enum(memberRole.enumValues, {
  error: 'Choose a role: Owner, Tech or Admin.',
});

/**
 * One field, several addresses separated by commas, semicolons, spaces or new lines. Every
 * address is checked on its own, and each bad one gets its own message.
 */
export const inviteEmailsSchema = z
  .string({ error: 'Enter at least one email address.' })
  .transform((raw, ctx) => {
    const parts = raw
      .split(/[\s,;]+/)
      .map((part) => part.trim())
      .filter(Boolean);
    if (parts.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Enter at least one email address.' });
      return z.NEVER;
    }
    if (parts.length > MAX_INVITES_PER_REQUEST) {
      ctx.addIssue({
        code: 'custom',
        message: `Invite at most ${MAX_INVITES_PER_REQUEST} addresses at once.`,
      });
      return z.NEVER;
    }
    const emails = new Set<string>();
    for (const part of parts) {
      const parsed = emailSchema.safeParse(part);
      if (parsed.success) emails.add(parsed.data);
      else {
        const shown = part.length > 60 ? `${part.slice(0, 57)}…` : part;
        ctx.addIssue({ code: 'custom', message: `“${shown}” is not a valid email address.` });
      }
    }
    return [...emails];
  });

export const inviteSchema = z.object({ emails: inviteEmailsSchema, role: roleSchema });

export interface IssuedInvitation {
  invitation: Invitation;
  /** The secret for the email link; never stored, logged or returned by the API. */
  token: string;
}

function freshToken() {
  const token = generateToken();
  return {
    token,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  };
}

function listOf(emails: string[]): string {
  return emails.length === 1
    ? emails[0]!
    : `${emails.slice(0, -1).join(', ')} and ${emails.at(-1)}`;
}

/**
 * Invites addresses to an organization. An address that is already a member, or that has a
 * pending invitation, is refused with a clear message (resend that invitation instead), and
 * then nothing is created. An expired invitation to the same address is replaced.
 */
export async function createInvitations(
  tx: DbOrTx,
  input: { accountId: string; invitedByUserId: string; role: MemberRole; emails: string[] },
): Promise<IssuedInvitation[]> {
  const emails = input.emails.map(normalizeEmail);
  const members = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, input.accountId), inArray(users.email, emails)));
  if (members.length) {
    const list = members.map((m) => m.email);
    throw new DomainError(
      `${listOf(list)} ${list.length === 1 ? 'is already a member' : 'are already members'} of this organization.`,
      'emails',
    );
  }
  // Expired invitations no longer count: they make way for the new one.
  await tx
    .update(invitations)
    .set({ status: 'revoked', respondedAt: sql`now()` })
    .where(
      and(
        eq(invitations.accountId, input.accountId),
        inArray(invitations.email, emails),
        eq(invitations.status, 'pending'),
        lte(invitations.expiresAt, sql`now()`),
      ),
    );
  const pending = await tx
    .select({ email: invitations.email })
    .from(invitations)
    .where(
      and(
        eq(invitations.accountId, input.accountId),
        inArray(invitations.email, emails),
        eq(invitations.status, 'pending'),
      ),
    );
  if (pending.length) {
    throw new DomainError(pendingMessage(pending.map((p) => p.email)), 'emails');
  }
  const issued = emails.map((email) => ({ email, ...freshToken() }));
  try {
    const rows = await tx
      .insert(invitations)
      .values(
        issued.map(({ email, tokenHash, expiresAt }) => ({
          accountId: input.accountId,
          email,
          role: input.role,
          tokenHash,
          expiresAt,
          invitedByUserId: input.invitedByUserId,
        })),
      )
      .returning();
    return rows.map((invitation) => ({
      invitation,
      token: issued.find((i) => i.email === invitation.email)!.token,
    }));
  } catch (error) {
    // Another owner invited the same address at the same moment.
    if (isUniqueViolation(error)) throw new DomainError(pendingMessage(emails), 'emails');
    throw error;
  }
}

function pendingMessage(emails: string[]): string {
  return `${listOf(emails)} already ${emails.length === 1 ? 'has' : 'have'} a pending invitation. Resend it from the list of pending invitations instead.`;
}

/** A new link for a pending invitation: new token, new expiry; the old link stops working. */
export async function resendInvitation(
  tx: DbOrTx,
  accountId: string,
  invitationId: string,
): Promise<IssuedInvitation> {
  const { token, tokenHash, expiresAt } = freshToken();
  const invitation = await updatePendingInvitation(tx, accountId, invitationId, {
    tokenHash,
    expiresAt,
  });
  return { invitation, token };
}

export async function revokeInvitation(
  tx: DbOrTx,
  accountId: string,
  invitationId: string,
): Promise<Invitation> {
  return updatePendingInvitation(tx, accountId, invitationId, {
    status: 'revoked',
    respondedAt: sql`now()`,
  });
}

/** Applies `changes` to a pending invitation of the account, or refuses if it is not pending. */
async function updatePendingInvitation(
  tx: DbOrTx,
  accountId: string,
  invitationId: string,
  changes: PgUpdateSetSource<typeof invitations>,
): Promise<Invitation> {
  const [invitation] = await tx
    .update(invitations)
    .set(changes)
    .where(
      and(
        eq(invitations.accountId, accountId),
        eq(invitations.id, invitationId),
        eq(invitations.status, 'pending'),
      ),
    )
    .returning();
  if (!invitation) throw new DomainError('This invitation is no longer pending.');
  return invitation;
}

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

async function findInvitationDetails(db: DbOrTx, where: SQL) {
  const [row] = await db
    .select(invitationDetails)
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(where)
    .limit(1);
  return row ?? null;
}

/** Pending, unexpired invitations addressed to this (verified) email: the account menu's list. */
export async function listPendingInvitationsForEmail(db: DbOrTx, email: string) {
  return db
    .select(invitationDetails)
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
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
  return db
    .select(invitationDetails)
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(and(eq(invitations.accountId, accountId), eq(invitations.status, 'pending')))
    .orderBy(desc(invitations.createdAt))
    .limit(500);
}

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
