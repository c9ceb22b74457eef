import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { invitations, memberships, users, type Invitation, type MemberRole } from '@/db/schema';
import { generateToken, hashToken } from '@/lib/auth/tokens';
import { DomainError, isUniqueViolation } from '@/lib/errors';
import { roleSchema } from '@/lib/members/members';
import { emailSchema, normalizeEmail } from '@/lib/validation';

// Domain: invitations (lib/invitations/). Owns invitations to an organization: issuing,
// resending and revoking (issue.ts), reading (queries.ts), accepting or declining
// (respond.ts), the email budgets (limits.ts), the email (email.tsx) and the actions
// (actions.ts). May import: db/, shared helpers, accounts/ (lock), members/ (role schema),
// auth/tokens, audit/, email/, security/ (rate limits), actions/core (types).

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_INVITES_PER_REQUEST = 20;

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
