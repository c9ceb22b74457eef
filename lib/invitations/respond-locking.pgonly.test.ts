import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { whileLocked } from '@/test/locking';
import { getDb, type Db, type Tx } from '@/db/client';
import { invitations, memberships } from '@/db/schema';
import { ALREADY_MEMBER_MESSAGE, respondToInvitation } from '@/lib/invitations/respond';
import { createTeam, createUser, inviteAs, roleOf } from '@/test/factories';

// PostgreSQL only (the int-postgres project): accepting an invitation takes the
// organization's lock before it claims the invitation, so it queues behind any other
// membership change and sees what that change committed. Needs a second connection really
// waiting on the lock, which PGlite cannot give.

let db: Db;
const IP = '203.0.113.22';

beforeAll(async () => {
  db = await getDb();
});

/** whileLocked, settled: the action's failure is a result, not a thrown error. */
const whileLockedSettled = <T>(
  accountId: string,
  change: (tx: Tx) => Promise<unknown>,
  action: () => Promise<T>,
): Promise<PromiseSettledResult<T>> =>
  Promise.allSettled([whileLocked(db, accountId, change, action)]).then(([result]) => result!);

describe('accepting waits for the organization lock', () => {
  it('a membership committed while the accept waits is seen: refused, nothing written', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const invitee = await createUser(db, 'Invitee');
    const invitation = await inviteAs(db, owner, org.id, invitee.email, 'tech', IP);

    const result = await whileLockedSettled(
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
    const invitation = await inviteAs(db, owner, org.id, invitee.email, 'admin', IP);
    const result = await whileLockedSettled(
      org.id,
      async () => {},
      () => db.transaction((tx) => respondToInvitation(tx, invitation!.id, invitee, 'accepted')),
    );
    expect(result.status).toBe('fulfilled');
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
  });
});
