import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db, type Tx } from '@/db/client';
import { invitations, memberships } from '@/db/schema';
import { ALREADY_MEMBER_MESSAGE, respondToInvitation } from '@/lib/invitations';
import { inviteMembersDefinition } from '@/lib/member-actions';
import { lockAccount } from '@/lib/organizations';
import { actAs, createTeam, createUser, expectOk, roleOf } from '@/test/factories';

// PostgreSQL only (the int-postgres project): accepting an invitation takes the
// organization's lock before it claims the invitation, so it queues behind any other
// membership change and sees what that change committed. Needs a second connection really
// waiting on the lock, which PGlite cannot give.

let db: Db;
const IP = '203.0.113.22';

beforeAll(async () => {
  db = await getDb();
});

async function untilSomeoneWaitsForALock() {
  for (let i = 0; i < 250; i++) {
    const { rows } = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`);
    if (Number(rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('nobody waited for the lock');
}

/** Runs `action` while another transaction holds the account lock, then applies `change`. */
async function whileLocked<T>(
  accountId: string,
  change: (tx: Tx) => Promise<unknown>,
  action: () => Promise<T>,
): Promise<PromiseSettledResult<T>> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.transaction(async (tx) => {
    await lockAccount(tx, accountId);
    locked();
    await gate;
    await change(tx);
  });
  await isLocked;
  const pending = action();
  const settled = Promise.allSettled([pending]).then(([result]) => result!);
  try {
    await untilSomeoneWaitsForALock();
  } finally {
    release();
    await holder;
  }
  return settled;
}

describe('accepting waits for the organization lock', () => {
  it('a membership committed while the accept waits is seen: refused, nothing written', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitee = await createUser(db, 'Invitee');
    expectOk(
      await actAs(
        owner,
        inviteMembersDefinition,
        org.id,
        { emails: invitee.email, role: 'tech' },
        IP,
      ),
    );
    const [invitation] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, org.id), eq(invitations.email, invitee.email)));

    const result = await whileLocked(
      org.id,
      (tx) =>
        tx.insert(memberships).values({ accountId: org.id, userId: invitee.id, role: 'admin' }),
      () => db.transaction((tx) => respondToInvitation(tx, invitation!.id, invitee, 'accepted')),
    );
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && (result.reason as Error).message).toBe(
      ALREADY_MEMBER_MESSAGE,
    );
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
    const [after] = await db.select().from(invitations).where(eq(invitations.id, invitation!.id));
    expect(after!.status).toBe('pending');
  });

  it('an accept that waited goes through once the lock is released', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitee = await createUser(db, 'Invitee');
    expectOk(
      await actAs(
        owner,
        inviteMembersDefinition,
        org.id,
        { emails: invitee.email, role: 'admin' },
        IP,
      ),
    );
    const [invitation] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.accountId, org.id), eq(invitations.email, invitee.email)));
    const result = await whileLocked(
      org.id,
      async () => {},
      () => db.transaction((tx) => respondToInvitation(tx, invitation!.id, invitee, 'accepted')),
    );
    expect(result.status).toBe('fulfilled');
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
  });
});
