import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import type { Account, MemberRole } from '@/db/schema';
import type { ActionResult } from '@/lib/actions/core';
import { AccessError, checkAccess } from '@/lib/authz/access';
import { respondToInvitation } from '@/lib/invitations/respond';
import {
  LAST_OWNER_CHANGE_MESSAGE,
  listMembers,
  removeMember,
  changeMemberRole,
} from '@/lib/members/members';
import {
  auditEventsOf,
  createOrganization,
  createTeam,
  createUser,
  expectOk,
  expectRejected,
  memberActions,
  membershipsOf,
  onlyAuditEvent,
  ownersOf,
  roleOf,
  uniqueEmail,
  type TestUser,
  inviteAs,
} from '@/test/factories';

// The member list (search, pagination) and the owner's member actions (change role,
// remove) through the one action core, with the last-owner rule held under concurrency on a
// real database (PGlite and, with DATABASE_URL, a PostgreSQL server where the races are real).
// Rights re-checked under the account lock while a request waits: locking.pgonly.test.ts.

let db: Db;
const IP = '198.51.100.4';

beforeAll(async () => {
  db = await getDb();
});

const { changeRole, remove } = memberActions(IP);

async function accessError(
  user: TestUser,
  accountId: string,
  permission: Parameters<typeof checkAccess>[2],
) {
  try {
    await checkAccess(user.principal, accountId, permission);
    return null;
  } catch (error) {
    if (error instanceof AccessError) return error.reason;
    throw error;
  }
}

describe('listMembers', () => {
  let org: Account;
  let other: Account;
  const people: Record<string, TestUser> = {};
  let everyone: TestUser[];

  beforeAll(async () => {
    const owner = await createUser(db, 'Olivia Owner');
    const named: Array<[string, string, string]> = [
      ['ada', 'Ada Lovelace', `ada.special-${randomUUID().slice(0, 6)}@Example.TEST`],
      ['hundred', 'Grace 100% Hopper', uniqueEmail()],
      ['thousand', 'Grace 1000 Hopper', uniqueEmail()],
      ['snake', 'snake_case Sam', uniqueEmail()],
      ['snakeX', 'snakeXcase Sid', uniqueEmail()],
      ['backslash', 'Back\\slash Bob', uniqueEmail()],
      ['mixed', 'MIXED Case Mia', uniqueEmail()],
      ['umlaut', 'Jürg Müller', uniqueEmail()],
    ];
    for (const [key, name, email] of named) people[key] = await createUser(db, name, email);
    // Identical names: the order must still be total (by id), or pages would skip/repeat.
    const same: TestUser[] = [];
    for (let i = 0; i < 6; i++) same.push(await createUser(db, 'Same Name'));
    const fillers: TestUser[] = [];
    for (let i = 0; i < 8; i++) fillers.push(await createUser(db, `Filler ${i}`));
    const roles: MemberRole[] = ['tech', 'admin', 'owner'];
    const members = [...Object.values(people), ...same, ...fillers];
    org = await createOrganization(
      db,
      owner,
      members.map((user, i) => [user, roles[i % 3]!]),
    );
    everyone = [owner, ...members];

    // Another organization with look-alike members, and one who is in both.
    const otherOwner = await createUser(db, 'Ada Lovelace Twin');
    const lookalike = await createUser(
      db,
      'Same Name',
      `ada.special-twin-${randomUUID().slice(0, 6)}@example.test`,
    );
    const underscore = await createUser(db, 'other_org snake_case', uniqueEmail());
    other = await createOrganization(db, otherOwner, [
      [lookalike, 'tech'],
      [underscore, 'admin'],
      [people.ada!, 'admin'],
    ]);
  });

  const ids = (rows: { userId: string }[]) => rows.map((r) => r.userId).sort();
  const idsOf = (...users: TestUser[]) => users.map((u) => u.id).sort();

  it('lists every member once with name, email, role and join date; total is right', async () => {
    const { members, total } = await listMembers(db, org.id, { pageSize: 100 });
    expect(total).toBe(everyone.length);
    expect(ids(members)).toEqual(idsOf(...everyone));
    const ada = members.find((m) => m.userId === people.ada!.id);
    expect(ada).toMatchObject({ name: 'Ada Lovelace', email: people.ada!.email, role: 'tech' });
    expect(ada?.email).toBe(ada?.email.toLowerCase());
    expect(ada?.joinedAt).toBeInstanceOf(Date);
    // Sorted by name (the database's collation), ties by id: identical names stay together.
    const same = members.filter((m) => m.name === 'Same Name');
    const firstSame = members.findIndex((m) => m.name === 'Same Name');
    expect(members.slice(firstSame, firstSame + same.length)).toEqual(same);
    expect(same.map((m) => m.userId)).toEqual(same.map((m) => m.userId).sort());
  });

  it('search by name or email substring, case-insensitive', async () => {
    const search = async (query: string) => {
      const result = await listMembers(db, org.id, { query, pageSize: 100 });
      expect(result.total, query).toBe(result.members.length);
      return ids(result.members);
    };
    expect(await search('lovelace')).toEqual(idsOf(people.ada!));
    expect(await search('LOVE')).toEqual(idsOf(people.ada!));
    expect(await search('  ada lovelace  ')).toEqual(idsOf(people.ada!));
    expect(await search('ADA.SPECIAL')).toEqual(idsOf(people.ada!));
    expect(await search('@example.test')).toEqual(idsOf(people.ada!));
    expect(await search('mixed case')).toEqual(idsOf(people.mixed!));
    expect(await search('mia')).toEqual(idsOf(people.mixed!));
    expect(await search('Müller')).toEqual(idsOf(people.umlaut!));
    expect(await search('grace')).toEqual(idsOf(people.hundred!, people.thousand!));
    expect(await search('olivia')).toHaveLength(1);
    expect(await search('nobody-matches-this')).toEqual([]);
    // An empty or blank query is no filter.
    expect(await search('')).toHaveLength(everyone.length);
    expect(await search('   ')).toHaveLength(everyone.length);
  });

  it('% and _ (and \\) in the query are literal characters, not wildcards', async () => {
    const search = async (query: string) =>
      ids((await listMembers(db, org.id, { query, pageSize: 100 })).members);
    expect(await search('100%')).toEqual(idsOf(people.hundred!));
    expect(await search('%')).toEqual(idsOf(people.hundred!));
    expect(await search('0%')).toEqual(idsOf(people.hundred!));
    expect(await search('snake_case')).toEqual(idsOf(people.snake!));
    expect(await search('e_c')).toEqual(idsOf(people.snake!));
    expect(await search('Back\\slash')).toEqual(idsOf(people.backslash!));
    expect(await search('\\')).toEqual(idsOf(people.backslash!));
    // No test address contains `_`: a bare underscore matches the snake-case name only.
    expect(await search('_')).toEqual(idsOf(people.snake!));
    expect(await search('%%')).toEqual([]);
  });

  it("other accounts' members never appear", async () => {
    const all = await listMembers(db, org.id, { pageSize: 1000 });
    const otherMembers = await membershipsOf(db, other.id);
    const onlyThere = otherMembers.map((m) => m.userId).filter((id) => id !== people.ada!.id);
    for (const id of onlyThere) expect(ids(all.members)).not.toContain(id);
    expect((await listMembers(db, org.id, { query: 'twin', pageSize: 100 })).total).toBe(0);
    expect((await listMembers(db, org.id, { query: 'other_org', pageSize: 100 })).total).toBe(0);
    expect((await listMembers(db, org.id, { query: 'Same Name', pageSize: 100 })).total).toBe(6);
    // And the other way round: the other organization lists its own four only.
    const theirs = await listMembers(db, other.id, { pageSize: 100 });
    expect(theirs.total).toBe(4);
    expect(ids(theirs.members)).toEqual(otherMembers.map((m) => m.userId).sort());
    // The role shown is the one in this organization.
    expect(theirs.members.find((m) => m.userId === people.ada!.id)?.role).toBe('admin');
    // A personal account lists only its owner.
    const personal = await listMembers(db, people.ada!.personalAccountId);
    expect(ids(personal.members)).toEqual([people.ada!.id]);
  });

  it.each([1, 3, 5, 7, 50])('pages of %i walk every member exactly once', async (pageSize) => {
    const seen: string[] = [];
    let page = 1;
    for (; page <= 100; page++) {
      const { members, total } = await listMembers(db, org.id, { page, pageSize });
      expect(total).toBe(everyone.length);
      expect(members.length).toBeLessThanOrEqual(pageSize);
      if (members.length === 0) break;
      seen.push(...members.map((m) => m.userId));
    }
    expect(page - 1).toBe(Math.ceil(everyone.length / pageSize));
    expect(seen).toHaveLength(everyone.length);
    expect(new Set(seen).size).toBe(everyone.length);
    expect([...seen].sort()).toEqual(idsOf(...everyone));
  });

  it('pagination within a search', async () => {
    const first = await listMembers(db, org.id, { query: 'same name', page: 1, pageSize: 4 });
    const second = await listMembers(db, org.id, { query: 'same name', page: 2, pageSize: 4 });
    const third = await listMembers(db, org.id, { query: 'same name', page: 3, pageSize: 4 });
    expect([first.total, second.total, third.total]).toEqual([6, 6, 6]);
    expect([first.members.length, second.members.length, third.members.length]).toEqual([4, 2, 0]);
    const seen = [...first.members, ...second.members].map((m) => m.userId);
    expect(new Set(seen).size).toBe(6);
    // Nonsense page numbers fall back to the first page.
    const zero = await listMembers(db, org.id, { query: 'same name', page: 0, pageSize: 4 });
    expect(ids(zero.members)).toEqual(ids(first.members));
  });
});

describe('change roles and remove members', () => {
  it('an owner changes tech → admin: audited with before/after, effective on the next check', async () => {
    const owner = await createUser(db);
    const member = await createUser(db);
    const org = await createOrganization(db, owner, [[member, 'tech']]);
    expect(await accessError(member, org.id, 'resources.manage')).toBeNull();
    expect(await accessError(member, org.id, 'billing.manage')).toBe('forbidden');

    expect(expectOk(await changeRole(owner, org.id, member.id, 'admin')).message).toBe(
      'Role changed.',
    );
    expect(await roleOf(db, org.id, member.id)).toBe('admin');
    const event = await onlyAuditEvent(db, org.id, 'member.role_changed');
    expect(event).toMatchObject({
      actorUserId: owner.id,
      ip: IP,
      targetType: 'user',
      targetId: member.id,
      metadata: { before: 'tech', after: 'admin' },
    });
    // The same principal (no new session) now has the admin's rights, and not the tech's.
    expect(await accessError(member, org.id, 'billing.manage')).toBeNull();
    expect(await accessError(member, org.id, 'resources.manage')).toBe('forbidden');

    // admin → tech: billing is gone at once.
    expectOk(await changeRole(owner, org.id, member.id, 'tech'));
    expect(await accessError(member, org.id, 'billing.manage')).toBe('forbidden');
    expect(await accessError(member, org.id, 'resources.manage')).toBeNull();
    const changes = (await auditEventsOf(db, org.id, 'member.role_changed')).map((e) => e.metadata);
    expect(changes).toHaveLength(2);
    expect(changes).toContainEqual({ before: 'admin', after: 'tech' });
  });

  it('an owner can grant owner; the new owner manages members at once', async () => {
    const owner = await createUser(db);
    const member = await createUser(db);
    const org = await createOrganization(db, owner, [[member, 'admin']]);
    expect(await accessError(member, org.id, 'members.manage')).toBe('forbidden');
    expectOk(await changeRole(owner, org.id, member.id, 'owner'));
    expect(await accessError(member, org.id, 'members.manage')).toBeNull();
    // …and can then demote the first owner, who loses the rights at once.
    expectOk(await changeRole(member, org.id, owner.id, 'tech'));
    expect(await accessError(owner, org.id, 'members.manage')).toBe('forbidden');
    expect(await ownersOf(db, org.id)).toEqual([member.id]);
  });

  it('demoting or removing the last owner is refused with the "at least one owner" message', async () => {
    const owner = await createUser(db);
    const admin = await createUser(db);
    const org = await createOrganization(db, owner, [[admin, 'admin']]);
    const before = await membershipsOf(db, org.id);
    for (const role of ['tech', 'admin'] as const) {
      const message = expectRejected(await changeRole(owner, org.id, owner.id, role));
      expect(message).toBe(LAST_OWNER_CHANGE_MESSAGE);
      expect(message).toMatch(/at least one owner/);
    }
    expect(expectRejected(await remove(owner, org.id, owner.id))).toBe(LAST_OWNER_CHANGE_MESSAGE);
    expect(await membershipsOf(db, org.id)).toEqual(before);
    expect(await auditEventsOf(db, org.id, 'member.role_changed')).toHaveLength(0);
    expect(await auditEventsOf(db, org.id, 'member.removed')).toHaveLength(0);

    // With a second owner, an owner may step down.
    expectOk(await changeRole(owner, org.id, admin.id, 'owner'));
    expectOk(await changeRole(owner, org.id, owner.id, 'tech'));
    expect(await ownersOf(db, org.id)).toEqual([admin.id]);
  });

  it("unchanged role, unknown member, bad role value, another organization's member", async () => {
    const owner = await createUser(db);
    const tech = await createUser(db);
    const outsider = await createUser(db);
    const org = await createOrganization(db, owner, [[tech, 'tech']]);
    const otherOrg = await createOrganization(db, outsider);
    const before = await membershipsOf(db, org.id);
    expect(expectRejected(await changeRole(owner, org.id, tech.id, 'tech'))).toMatch(
      /already has this role/,
    );
    expect(expectRejected(await changeRole(owner, org.id, outsider.id, 'admin'))).toMatch(
      /no longer a member/,
    );
    expect(expectRejected(await remove(owner, org.id, outsider.id))).toMatch(/no longer a member/);
    expect(expectRejected(await remove(owner, org.id, randomUUID()))).toMatch(/no longer a member/);
    for (const role of ['OWNER', 'superuser', '', null]) {
      const result = await changeRole(owner, org.id, tech.id, role);
      expect(result.ok || result.kind).toBe('invalid');
    }
    const bad = await remove(owner, org.id, 'not-a-uuid');
    expect(bad.ok || bad.kind).toBe('invalid');
    expect(await membershipsOf(db, org.id)).toEqual(before);
    expect(await ownersOf(db, otherOrg.id)).toEqual([outsider.id]);
    expect(await auditEventsOf(db, org.id, 'member.role_changed')).toHaveLength(0);
  });

  it('removing a member: membership gone, audited, not_found on their very next check', async () => {
    const owner = await createUser(db);
    const member = await createUser(db, 'Removed Person');
    const org = await createOrganization(db, owner, [[member, 'admin']]);
    expect(await accessError(member, org.id, 'account.view')).toBeNull();

    const outcome = expectOk(await remove(owner, org.id, member.id));
    expect(outcome.message).toContain(member.email);
    expect(await roleOf(db, org.id, member.id)).toBeNull();
    const event = await onlyAuditEvent(db, org.id, 'member.removed');
    expect(event).toMatchObject({
      actorUserId: owner.id,
      ip: IP,
      targetType: 'user',
      targetId: member.id,
      metadata: { role: 'admin', email: member.email },
    });
    for (const permission of ['account.view', 'members.view', 'billing.manage'] as const)
      expect(await accessError(member, org.id, permission)).toBe('not_found');
    // Their own personal account is untouched.
    expect(await roleOf(db, member.personalAccountId, member.id)).toBe('owner');
    // Acting on the organization afterwards is not_found too; removing twice is refused.
    expect(await changeRole(member, org.id, member.id, 'owner')).toEqual({
      ok: false,
      kind: 'not_found',
    });
    expectRejected(await remove(owner, org.id, member.id));
  });

  it('an owner may remove another owner while one remains', async () => {
    const a = await createUser(db);
    const b = await createUser(db);
    const org = await createOrganization(db, a, [[b, 'owner']]);
    expectOk(await remove(a, org.id, b.id));
    expect(await ownersOf(db, org.id)).toEqual([a.id]);
    expect(await accessError(b, org.id, 'members.manage')).toBe('not_found');
  });

  it('remove, then re-invite with another role and accept: only the new role, no leftover rights', async () => {
    const owner = await createUser(db);
    const member = await createUser(db, 'Returning Member');
    const org = await createOrganization(db, owner, [[member, 'admin']]);
    expectOk(await remove(owner, org.id, member.id));

    const invitation = await inviteAs(db, owner, org.id, member.email, 'tech', IP);
    expect(invitation?.status).toBe('pending');
    // Invited but not yet accepted: still no access.
    expect(await accessError(member, org.id, 'account.view')).toBe('not_found');
    await db.transaction((tx) => respondToInvitation(tx, invitation!.id, member, 'accepted'));

    const rows = (await membershipsOf(db, org.id)).filter((m) => m.userId === member.id);
    expect(rows.map((r) => r.role)).toEqual(['tech']);
    expect(await accessError(member, org.id, 'resources.manage')).toBeNull();
    expect(await accessError(member, org.id, 'billing.manage')).toBe('forbidden');
    expect(await accessError(member, org.id, 'account.edit')).toBe('forbidden');
    expect(await accessError(member, org.id, 'audit.view')).toBe('forbidden');
  });

  it('a personal account has no members to manage', async () => {
    const alice = await createUser(db);
    expect(await changeRole(alice, alice.personalAccountId, alice.id, 'tech')).toEqual({
      ok: false,
      kind: 'forbidden',
    });
    expect(await remove(alice, alice.personalAccountId, alice.id)).toEqual({
      ok: false,
      kind: 'forbidden',
    });
    // The domain functions refuse it too, whoever calls them.
    await expect(
      db.transaction((tx) =>
        changeMemberRole(tx, {
          accountId: alice.personalAccountId,
          actorRole: 'owner',
          userId: alice.id,
          role: 'tech',
        }),
      ),
    ).rejects.toThrow(/personal account/);
    await expect(
      db.transaction((tx) =>
        removeMember(tx, { accountId: alice.personalAccountId, userId: alice.id }),
      ),
    ).rejects.toThrow(/personal account/);
    expect(await roleOf(db, alice.personalAccountId, alice.id)).toBe('owner');
  });

  it('only an owner can grant owner (domain rule, whatever the caller)', async () => {
    const owner = await createUser(db);
    const admin = await createUser(db);
    const org = await createOrganization(db, owner, [[admin, 'admin']]);
    await expect(
      db.transaction((tx) =>
        changeMemberRole(tx, {
          accountId: org.id,
          actorRole: 'admin',
          userId: admin.id,
          role: 'owner',
        }),
      ),
    ).rejects.toThrow(/Only an owner/);
    expect(await roleOf(db, org.id, admin.id)).toBe('admin');
  });
});

describe('the last-owner rule under concurrency', () => {
  const ROUNDS = 10;

  /** The loser of a race is refused: by the last-owner rule, or because it lost its rights. */
  function expectRefused(result: ActionResult, context: string) {
    expect(result.ok, context).toBe(false);
    if (!result.ok) expect(['rejected', 'forbidden', 'not_found'], context).toContain(result.kind);
  }

  it(`two owners demoting each other at once: exactly one succeeds, one owner remains (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const {
        org,
        users: [a, b, tech],
      } = await createTeam(db, 'Owner A', ['Owner B', 'owner'], ['Tech', 'tech']);
      const results = await Promise.all([
        changeRole(a, org.id, b.id, 'tech'),
        changeRole(b, org.id, a.id, 'tech'),
      ]);
      const context = `round ${round}: ${JSON.stringify(results)}`;
      expect(
        results.filter((r) => r.ok),
        context,
      ).toHaveLength(1);
      const loser = results.find((r) => !r.ok)!;
      expectRefused(loser, context);
      const remaining = await ownersOf(db, org.id);
      expect(remaining, context).toHaveLength(1);
      // The winner is the one who remains owner.
      expect(remaining).toEqual([results[0]!.ok ? a.id : b.id]);
      expect(await auditEventsOf(db, org.id, 'member.role_changed'), context).toHaveLength(1);
      expect(await roleOf(db, org.id, tech.id)).toBe('tech');
    }
  });

  it(`two owners removing each other at once: one owner remains (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const {
        org,
        users: [a, b],
      } = await createTeam(db, 'Owner A', ['Owner B', 'owner']);
      const results = await Promise.all([remove(a, org.id, b.id), remove(b, org.id, a.id)]);
      const context = `round ${round}: ${JSON.stringify(results)}`;
      expect(
        results.filter((r) => r.ok),
        context,
      ).toHaveLength(1);
      expectRefused(results.find((r) => !r.ok)!, context);
      const remaining = await ownersOf(db, org.id);
      expect(remaining, context).toEqual([results[0]!.ok ? a.id : b.id]);
      expect(await membershipsOf(db, org.id), context).toHaveLength(1);
      expect(await auditEventsOf(db, org.id, 'member.removed'), context).toHaveLength(1);
    }
  });

  it(`an owner demoting the other while that one removes the first: one owner remains (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const {
        org,
        users: [a, b],
      } = await createTeam(db, 'Owner A', ['Owner B', 'owner']);
      const results = await Promise.all([
        changeRole(a, org.id, b.id, 'admin'),
        remove(b, org.id, a.id),
      ]);
      const context = `round ${round}: ${JSON.stringify(results)}`;
      expect(
        results.filter((r) => r.ok),
        context,
      ).toHaveLength(1);
      expect(await ownersOf(db, org.id), context).toHaveLength(1);
    }
  });

  it(`three owners all demoting and removing each other at once: at least one owner remains (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const {
        org,
        users: [a, b, c],
      } = await createTeam(db, 'Owner A', ['Owner B', 'owner'], ['Owner C', 'owner']);
      const results = await Promise.all([
        changeRole(a, org.id, b.id, 'tech'),
        remove(a, org.id, c.id),
        changeRole(b, org.id, c.id, 'admin'),
        remove(b, org.id, a.id),
        changeRole(c, org.id, a.id, 'tech'),
        remove(c, org.id, b.id),
      ]);
      const context = `round ${round}: ${JSON.stringify(results.map((r) => (r.ok ? 'ok' : r.kind)))}`;
      for (const result of results) if (!result.ok) expectRefused(result, context);
      const remaining = await ownersOf(db, org.id);
      expect(remaining.length, context).toBeGreaterThanOrEqual(1);
      // Whatever happened, every surviving owner is still a member, and the audit trail has
      // one event per successful action.
      const succeeded = results.filter((r) => r.ok).length;
      const audited =
        (await auditEventsOf(db, org.id, 'member.role_changed')).length +
        (await auditEventsOf(db, org.id, 'member.removed')).length;
      expect(audited, context).toBe(succeeded);
    }
  });
});
