import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { invitations, memberships, type MemberRole } from '@/db/schema';
import {
  ALREADY_MEMBER_MESSAGE,
  REFUSAL_MESSAGES,
  respondAndRecord,
} from '@/lib/invitations/respond';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { DomainError } from '@/lib/errors';
import {
  actAs,
  auditEventsOf,
  createTeam,
  createUser,
  expectOk,
  roleOf,
  type TestUser,
} from '@/test/factories';

// Accepting an invitation is a membership change like the others (the organization's row is
// locked first), and a user who is already a member is refused — not silently kept in their
// current role while an acceptance of the invited role is audited. docs/DECISIONS.md,
// "Invitations".

let db: Db;
const IP = '203.0.113.21';

beforeAll(async () => {
  db = await getDb();
});

async function invite(owner: TestUser, accountId: string, email: string, role: MemberRole) {
  expectOk(await actAs(owner, inviteMembersDefinition, accountId, { emails: email, role }, IP));
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), eq(invitations.email, email)));
  if (!row) throw new Error('invitation not created');
  return row;
}

/** The invitation page's action: respond and audit in one transaction (lib's own function). */
function respond(invitationId: string, user: TestUser, response: 'accepted' | 'declined') {
  return respondAndRecord(db, { invitationId, user, response, ip: IP });
}

async function statusOf(invitationId: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, invitationId));
  return row?.status;
}

describe('accepting an invitation', () => {
  it('makes the invitee a member with the invited role, audited with that role', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitee = await createUser(db, 'Invitee');
    const invitation = await invite(owner, org.id, invitee.email, 'admin');

    await respond(invitation.id, invitee, 'accepted');
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
    expect(await statusOf(invitation.id)).toBe('accepted');
    const [event] = await auditEventsOf(db, org.id, 'invitation.accepted');
    expect(event?.metadata).toMatchObject({ role: 'admin' });
  });

  it('an existing member is refused: role unchanged, invitation still pending, nothing audited', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitee = await createUser(db, 'Invitee');
    const invitation = await invite(owner, org.id, invitee.email, 'tech');
    // Meanwhile the same person became a member with another role.
    await db.insert(memberships).values({ accountId: org.id, userId: invitee.id, role: 'admin' });

    const refused = respond(invitation.id, invitee, 'accepted');
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toThrow(ALREADY_MEMBER_MESSAGE);
    expect(ALREADY_MEMBER_MESSAGE).toMatch(/^You are already a member of this organization\./);

    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
    const rows = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.accountId, org.id), eq(memberships.userId, invitee.id)));
    expect(rows).toHaveLength(1);
    expect(await statusOf(invitation.id)).toBe('pending');
    expect(await auditEventsOf(db, org.id, 'invitation.accepted')).toHaveLength(0);

    // Declining stays possible (and closes the invitation); the membership is untouched.
    await respond(invitation.id, invitee, 'declined');
    expect(await statusOf(invitation.id)).toBe('declined');
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
  });

  it('the other refusals still come first, with their own messages', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitee = await createUser(db, 'Invitee');
    const someoneElse = await createUser(db, 'Someone Else');
    const invitation = await invite(owner, org.id, invitee.email, 'tech');

    await expect(respond(invitation.id, someoneElse, 'accepted')).rejects.toThrow(
      REFUSAL_MESSAGES.wrong_email,
    );
    await respond(invitation.id, invitee, 'accepted');
    await expect(respond(invitation.id, invitee, 'accepted')).rejects.toThrow(
      REFUSAL_MESSAGES.not_pending,
    );
    await expect(
      respond('00000000-0000-4000-8000-000000000000', invitee, 'accepted'),
    ).rejects.toThrow(REFUSAL_MESSAGES.not_found);
    expect(await roleOf(db, org.id, invitee.id)).toBe('tech');
    expect(await roleOf(db, org.id, someoneElse.id)).toBeNull();
  });
});
