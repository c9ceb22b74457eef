import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { whileLocked } from '@/test/locking';
import { getDb, type Db, type Tx } from '@/db/client';
import { memberships } from '@/db/schema';
import { changeMemberRole, removeMember } from '@/lib/members/members';
import { auditEventsOf, createTeam, memberActions, ownersOf, roleOf } from '@/test/factories';

// PostgreSQL only (the int-postgres project): a member's rights are checked under the account
// lock, so a request that waits for the lock sees a removal or demotion committed meanwhile.
// These need a second connection really waiting on a lock, which PGlite (one connection,
// statements in turn) cannot give.

let db: Db;
const IP = '198.51.100.4';

beforeAll(async () => {
  db = await getDb();
});

const { changeRole, remove } = memberActions(IP);

describe('rights are checked under the account lock (a real second connection)', () => {
  it('an owner removed while their request waits cannot remove another owner', async () => {
    const {
      org,
      users: [a, b, c],
    } = await createTeam(db, 'Owner A', ['Owner B', 'owner'], ['Owner C', 'owner']);
    // A removes B while B's request to remove C waits for the account lock; once it has the
    // lock, B's access check finds no membership: not_found, and C stays.
    const result = await whileLocked(
      db,
      org.id,
      (tx) => removeMember(tx, { accountId: org.id, userId: b.id }),
      () => remove(b, org.id, c.id),
    );
    expect(result).toEqual({ ok: false, kind: 'not_found' });
    expect((await ownersOf(db, org.id)).sort()).toEqual([a.id, c.id].sort());
    expect(await auditEventsOf(db, org.id, 'member.removed')).toHaveLength(0);
  });

  it('an owner demoted while their request waits cannot demote another owner or grant owner', async () => {
    const {
      org,
      users: [, b, c, tech],
    } = await createTeam(
      db,
      'Owner A',
      ['Owner B', 'owner'],
      ['Owner C', 'owner'],
      ['Tech', 'tech'],
    );
    // B is demoted to tech while B's request waits for the lock; B's access check then sees
    // a tech, who may not manage members: forbidden.
    const demoteB = (tx: Tx) =>
      changeMemberRole(tx, { accountId: org.id, actorRole: 'owner', userId: b.id, role: 'tech' });
    const demoted = await whileLocked(db, org.id, demoteB, () =>
      changeRole(b, org.id, c.id, 'tech'),
    );
    expect(demoted).toEqual({ ok: false, kind: 'forbidden' });
    expect(await roleOf(db, org.id, c.id)).toBe('owner');

    // Promote B back, then demote again while B tries to make the tech an owner.
    await db
      .update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.accountId, org.id), eq(memberships.userId, b.id)));
    const granted = await whileLocked(db, org.id, demoteB, () =>
      changeRole(b, org.id, tech.id, 'owner'),
    );
    expect(granted).toEqual({ ok: false, kind: 'forbidden' });
    expect(await roleOf(db, org.id, tech.id)).toBe('tech');
    expect(await auditEventsOf(db, org.id, 'member.role_changed')).toHaveLength(0);
  });
});
