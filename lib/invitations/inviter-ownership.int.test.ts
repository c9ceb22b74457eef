import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { invitations, memberships, type MemberRole } from '@/db/schema';
import { leaveOrganizationDefinition } from '@/lib/accounts/actions';
import { REFUSAL_MESSAGES, respondAndRecord } from '@/lib/invitations/respond';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { DomainError } from '@/lib/errors';
import {
  actAs,
  auditEventsOf,
  createTeam,
  createUser,
  expectOk,
  memberActions,
  roleOf,
  type TestUser,
} from '@/test/factories';

// An invitation is an owner's decision: it stands only while its sender is an owner of the
// organization. Removing, demoting or the leaving of that owner revokes it in the same
// transaction (audited), and accepting re-checks the sender.

let db: Db;
const IP = '203.0.113.44';
const members = memberActions(IP);

beforeAll(async () => {
  db = await getDb();
});

async function invite(owner: TestUser, accountId: string, role: MemberRole) {
  const email = `invitee-${crypto.randomUUID()}@x.test`;
  expectOk(await actAs(owner, inviteMembersDefinition, accountId, { emails: email, role }, IP));
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), eq(invitations.email, email)));
  return row!;
}

async function statusOf(invitationId: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, invitationId));
  return row?.status;
}

async function acceptAs(invitationId: string, email: string) {
  const invitee = await createUser(db, 'Invitee', email);
  try {
    await respondAndRecord(db, { invitationId, user: invitee, response: 'accepted', ip: IP });
    return { invitee, refusal: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { invitee, refusal: error.message };
  }
}

async function revokedEvents(accountId: string) {
  return (await auditEventsOf(db, accountId, 'invitation.revoked')).map((e) => ({
    actor: e.actorUserId,
    target: e.targetId,
    reason: e.metadata.reason,
    role: e.metadata.role,
  }));
}

describe('an owner’s pending invitations end with their ownership', () => {
  it('removing the owner revokes them (Owner-role ones included), audited, and they cannot be accepted', async () => {
    const {
      org,
      users: [keeper, leaving],
    } = await createTeam(db, 'Keeper', ['Leaving Owner', 'owner']);
    const asOwner = await invite(leaving, org.id, 'owner');
    const asTech = await invite(leaving, org.id, 'tech');
    const keepersOwn = await invite(keeper, org.id, 'admin');

    const outcome = expectOk(await members.remove(keeper, org.id, leaving.id));
    expect(outcome.message).toContain('The 2 pending invitations they sent were revoked.');
    expect(await statusOf(asOwner.id)).toBe('revoked');
    expect(await statusOf(asTech.id)).toBe('revoked');
    expect(await statusOf(keepersOwn.id)).toBe('pending');
    expect(await revokedEvents(org.id)).toEqual(
      expect.arrayContaining([
        { actor: keeper.id, target: asOwner.id, reason: 'inviter_removed', role: 'owner' },
        { actor: keeper.id, target: asTech.id, reason: 'inviter_removed', role: 'tech' },
      ]),
    );

    const { invitee, refusal } = await acceptAs(asOwner.id, asOwner.email);
    expect(refusal).toBe(REFUSAL_MESSAGES.not_pending);
    expect(await roleOf(db, org.id, invitee.id)).toBeNull();
  });

  it('demoting the owner revokes them', async () => {
    const {
      org,
      users: [keeper, demoted],
    } = await createTeam(db, 'Keeper', ['Demoted Owner', 'owner']);
    const invitation = await invite(demoted, org.id, 'owner');
    expectOk(await members.changeRole(keeper, org.id, demoted.id, 'admin'));
    expect(await statusOf(invitation.id)).toBe('revoked');
    expect(await revokedEvents(org.id)).toEqual([
      { actor: keeper.id, target: invitation.id, reason: 'inviter_demoted', role: 'owner' },
    ]);
  });

  it('an owner who leaves takes their invitations along', async () => {
    const {
      org,
      users: [, leaver],
    } = await createTeam(db, 'Keeper', ['Leaver', 'owner']);
    const invitation = await invite(leaver, org.id, 'owner');
    expectOk(await actAs(leaver, leaveOrganizationDefinition, org.id, {}, IP));
    expect(await statusOf(invitation.id)).toBe('revoked');
    expect(await revokedEvents(org.id)).toEqual([
      { actor: leaver.id, target: invitation.id, reason: 'inviter_left', role: 'owner' },
    ]);
  });

  it('a refused removal revokes nothing (same transaction)', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Only Owner');
    const invitation = await invite(owner, org.id, 'tech');
    // The last owner cannot leave: the refusal rolls the revocation back with it.
    const result = await actAs(owner, leaveOrganizationDefinition, org.id, {}, IP);
    expect(result.ok).toBe(false);
    expect(await statusOf(invitation.id)).toBe('pending');
    expect(await revokedEvents(org.id)).toEqual([]);
  });

  it('changing another role, or promoting, leaves invitations alone', async () => {
    const {
      org,
      users: [owner, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const invitation = await invite(owner, org.id, 'admin');
    expectOk(await members.changeRole(owner, org.id, tech.id, 'owner'));
    expect(await statusOf(invitation.id)).toBe('pending');
  });
});

describe('accepting re-checks the sender', () => {
  it('an invitation whose sender is no longer an owner is refused, and nothing is written', async () => {
    const {
      org,
      users: [, sender],
    } = await createTeam(db, 'Keeper', ['Sender', 'owner']);
    const invitation = await invite(sender, org.id, 'owner');
    // The sender lost ownership by a path that did not revoke (e.g. a change made before
    // revocation existed): the acceptance itself must notice.
    await db
      .update(memberships)
      .set({ role: 'tech' })
      .where(and(eq(memberships.accountId, org.id), eq(memberships.userId, sender.id)));

    const { invitee, refusal } = await acceptAs(invitation.id, invitation.email);
    expect(refusal).toBe(REFUSAL_MESSAGES.inviter_not_owner);
    expect(await roleOf(db, org.id, invitee.id)).toBeNull();
    expect(await statusOf(invitation.id)).toBe('pending');
    expect(await auditEventsOf(db, org.id, 'invitation.accepted')).toEqual([]);
  });

  it('a sender who is still an owner: accepted', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitation = await invite(owner, org.id, 'tech');
    const { invitee, refusal } = await acceptAs(invitation.id, invitation.email);
    expect(refusal).toBeNull();
    expect(await roleOf(db, org.id, invitee.id)).toBe('tech');
  });
});
