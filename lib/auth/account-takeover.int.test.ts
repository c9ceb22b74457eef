import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import {
  checkCredentials,
  issueConfirmAndSetPasswordToken,
  resetPassword,
  signUp,
  verifyEmail,
} from '@/lib/auth/users';
import { uniqueEmail } from '@/test/factories';

// Someone registers a victim's address first (unverified, with their own password). The
// victim's later sign-up must not verify the squatter's password.

let db: Db;
beforeAll(async () => {
  db = await getDb();
});

async function register(email: string, name: string, password: string) {
  return db.transaction(async (tx) => signUp(tx, { name, email, password }));
}

describe('pre-registration of someone else’s address', () => {
  it('the victim’s verification link sets the victim’s name and password', async () => {
    const email = uniqueEmail('victim');
    const squatter = await register(email, 'Squatter', 'squatter password 1');
    expect(squatter.status).toBe('created');

    const victim = await register(email, 'Real Owner', 'victim password 22');
    expect(victim.status).toBe('exists');
    expect(victim.verifyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const verified = await db.transaction((tx) => verifyEmail(tx, victim.verifyToken!));
    expect(verified?.name).toBe('Real Owner');
    expect(await checkCredentials(db, email, 'victim password 22')).toMatchObject({ ok: true });
    expect(await checkCredentials(db, email, 'squatter password 1')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const [personal] = await db
      .select()
      .from(accounts)
      .where(eq(accounts.personalOwnerId, verified!.id));
    expect(personal?.name).toBe('Real Owner');
  });

  it('the squatter’s own link is dead once a later sign-up sent a new one', async () => {
    const email = uniqueEmail('victim');
    const squatter = await register(email, 'Squatter', 'squatter password 1');
    await register(email, 'Real Owner', 'victim password 22');
    expect(await db.transaction((tx) => verifyEmail(tx, squatter.verifyToken!))).toBeNull();
    const [row] = await db.select().from(users).where(eq(users.email, email));
    expect(row?.emailVerified).toBeNull();
  });

  it('verifying bumps the session version (no session of the squatter survives)', async () => {
    const email = uniqueEmail('victim');
    const first = await register(email, 'Squatter', 'squatter password 1');
    const second = await register(email, 'Real Owner', 'victim password 22');
    const verified = await db.transaction((tx) => verifyEmail(tx, second.verifyToken!));
    expect(verified!.sessionVersion).toBe(first.user.sessionVersion + 1);
  });

  it('“send a new link” confirms the address only by choosing a new password', async () => {
    const email = uniqueEmail('victim');
    const { user } = await register(email, 'Squatter', 'squatter password 1');
    const token = await issueConfirmAndSetPasswordToken(db, user);
    expect(token).not.toBeNull();
    const updated = await db.transaction((tx) =>
      resetPassword(tx, token!, 'chosen by the inbox owner'),
    );
    expect(updated?.emailVerified).toBeInstanceOf(Date);
    expect(await checkCredentials(db, email, 'chosen by the inbox owner')).toMatchObject({
      ok: true,
    });
    expect(await checkCredentials(db, email, 'squatter password 1')).toMatchObject({ ok: false });
  });

  it('a verified account gets no new verification link from another sign-up', async () => {
    const email = uniqueEmail('owner');
    const passwordHash = await hashPassword('owner password 333');
    await db.transaction((tx) =>
      signUp(tx, { name: 'Owner', email, password: '', passwordHash, verified: true }),
    );
    const again = await register(email, 'Intruder', 'intruder password 4');
    expect(again).toMatchObject({ status: 'exists', verifyToken: null });
    expect(await checkCredentials(db, email, 'owner password 333')).toMatchObject({ ok: true });
  });
});
