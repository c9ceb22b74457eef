import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { lockAccount } from '@/lib/accounts/lock';
import { createTeam, createUser, memberActions } from '@/test/factories';

// PostgreSQL only (the int-postgres project): the action core checks who asks before it takes
// the account lock, so a signed-out caller, a non-member or a member without the permission
// is answered at once, even while another transaction holds the account row — they never
// queue on it (nor hold it up for the members who are entitled to act).

let db: Db;
const IP = '198.51.100.7';

beforeAll(async () => {
  db = await getDb();
});

const { remove } = memberActions(IP);

/** Runs `action` while another transaction holds the account lock, released afterwards. */
async function whileHeld<T>(accountId: string, action: () => Promise<T>): Promise<T | 'waited'> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.transaction(async (tx) => {
    await lockAccount(tx, accountId);
    locked();
    await gate;
  });
  await isLocked;
  try {
    return await Promise.race([
      action(),
      new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 1_500)),
    ]);
  } finally {
    release();
    await holder;
  }
}

describe('refusals never wait for the account lock', () => {
  it('signed out, non-member and a role without the permission are answered while it is held', async () => {
    const {
      org,
      users: [owner, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const stranger = await createUser(db, 'Stranger');

    expect(await whileHeld(org.id, () => remove(stranger, org.id, owner.id))).toEqual({
      ok: false,
      kind: 'not_found',
    });
    expect(await whileHeld(org.id, () => remove(tech, org.id, owner.id))).toEqual({
      ok: false,
      kind: 'forbidden',
    });
    const anonymous = { ...owner, principal: null as never };
    expect(await whileHeld(org.id, () => remove(anonymous, org.id, tech.id))).toEqual({
      ok: false,
      kind: 'unauthenticated',
    });
  });

  it('an entitled member does wait for the lock, then acts', async () => {
    const {
      org,
      users: [owner, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    let pending!: Promise<unknown>;
    const raced = await whileHeld(org.id, () => {
      pending = remove(owner, org.id, tech.id);
      return pending;
    });
    expect(raced).toBe('waited');
    expect(await pending).toMatchObject({ ok: true });
  });
});
