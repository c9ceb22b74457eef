import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, users, userTokens } from '@/db/schema';
import { checkAccess } from '@/lib/authz/access';
import { hashPassword } from '@/lib/auth/password';
import {
  checkCredentials,
  issueConfirmAndSetPasswordToken,
  issuePasswordResetToken,
  resetPassword,
  signUp,
  verifyEmail,
} from '@/lib/auth/users';
import { sessionFor, uniqueEmail } from '@/test/factories';

// Someone registers another person's address first (unverified, with their own password).
// Whatever links that produced, and in whatever order the owner of the inbox uses links, the
// account ends up with the password the inbox owner chose — and no old link changes it later.

let db: Db;
beforeAll(async () => {
  db = await getDb();
});

async function register(email: string, name: string, password: string) {
  return db.transaction(async (tx) => signUp(tx, { name, email, password }));
}

async function openTokens(userId: string) {
  return db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)));
}

async function accountOf(userId: string) {
  const [personal] = await db.select().from(accounts).where(eq(accounts.personalOwnerId, userId));
  return personal!;
}

describe('links that were sent before the owner took the account', () => {
  it('a verification link from an earlier sign-up does nothing once the owner reset the password', async () => {
    const email = uniqueEmail('owner');
    const squatter = await register(email, 'Squatter', 'squatter password 1');
    if (squatter.status !== 'created') throw new Error('expected created');
    // The owner never clicked that link: they reset their password and use the account.
    const reset = await issuePasswordResetToken(db, squatter.user);
    await db.transaction((tx) => resetPassword(tx, reset, 'owner password 22'));
    const session = await sessionFor(db, squatter.user);

    // Later the owner clicks the old "Confirm your email" message.
    expect(await db.transaction((tx) => verifyEmail(tx, squatter.verifyToken!))).toBeNull();
    expect(await checkCredentials(db, email, 'owner password 22')).toMatchObject({ ok: true });
    expect(await checkCredentials(db, email, 'squatter password 1')).toMatchObject({ ok: false });
    const personal = await accountOf(squatter.user.id);
    expect((await checkAccess(session, personal.id, 'account.view')).user.id).toBe(
      squatter.user.id,
    );
  });

  it('after “send a new link”, the old link neither sets a password nor signs the owner out', async () => {
    const email = uniqueEmail('owner');
    const squatter = await register(email, 'Squatter', 'squatter password 1');
    if (squatter.status !== 'created') throw new Error('expected created');
    const fresh = await issueConfirmAndSetPasswordToken(db, squatter.user);
    await db.transaction((tx) => resetPassword(tx, fresh!, 'owner password 22'));
    const session = await sessionFor(db, squatter.user);
    const personal = await accountOf(squatter.user.id);

    expect(await db.transaction((tx) => verifyEmail(tx, squatter.verifyToken!))).toBeNull();
    expect(await checkCredentials(db, email, 'owner password 22')).toMatchObject({ ok: true });
    expect((await checkAccess(session, personal.id, 'account.view')).user.id).toBe(
      squatter.user.id,
    );
  });

  it('a verification link only verifies: it sets no name, no password, ends no session', async () => {
    const email = uniqueEmail('owner');
    const first = await register(email, 'First Name', 'first password 1');
    if (first.status !== 'created') throw new Error('expected created');
    const verified = await db.transaction((tx) => verifyEmail(tx, first.verifyToken!));
    expect(verified).toMatchObject({ name: 'First Name', passwordHash: first.user.passwordHash });
    expect(verified?.emailVerified).toBeInstanceOf(Date);
  });
});

describe('a second sign-up for an address that has an unverified account', () => {
  it('keeps the first link working and sends only a confirm-and-choose-a-password link', async () => {
    const email = uniqueEmail('owner');
    const owner = await register(email, 'Real Owner', 'owner password 22');
    if (owner.status !== 'created') throw new Error('expected created');
    const second = await register(email, 'Someone Else', 'someone else pw 3');
    expect(second.status).toBe('exists');
    if (second.status !== 'exists') return;
    expect(second.setPasswordToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing of the second sign-up was stored: name and password are the owner's.
    const [row] = await db.select().from(users).where(eq(users.email, email));
    expect(row).toMatchObject({ name: 'Real Owner', passwordHash: owner.user.passwordHash });
    // Its link carries no credentials: it is the reset kind, where the clicker chooses one.
    const purposes = (await openTokens(owner.user.id)).map((t) => t.purpose).sort();
    expect(purposes).toEqual(['reset_password', 'verify_email']);

    // The owner's own link still works, keeps the owner's password, and ends the other link.
    expect((await db.transaction((tx) => verifyEmail(tx, owner.verifyToken!)))?.id).toBe(
      owner.user.id,
    );
    expect(await checkCredentials(db, email, 'owner password 22')).toMatchObject({ ok: true });
    expect(await checkCredentials(db, email, 'someone else pw 3')).toMatchObject({ ok: false });
    expect(await openTokens(owner.user.id)).toEqual([]);
    expect(
      await db.transaction((tx) => resetPassword(tx, second.setPasswordToken!, 'late pw 123')),
    ).toBeNull();
  });

  it('a verified account gets no link at all from another sign-up', async () => {
    const email = uniqueEmail('owner');
    const passwordHash = await hashPassword('owner password 333');
    await db.transaction((tx) =>
      signUp(tx, { name: 'Owner', email, password: '', passwordHash, verified: true }),
    );
    const again = await register(email, 'Intruder', 'intruder password 4');
    expect(again).toMatchObject({ status: 'exists', setPasswordToken: null });
    expect(await checkCredentials(db, email, 'owner password 333')).toMatchObject({ ok: true });
  });
});

describe('using a link ends every open link of the user, of every kind', () => {
  it('verifying ends open reset links; resetting ends open verification links', async () => {
    const email = uniqueEmail('owner');
    const a = await register(email, 'Owner', 'owner password 1');
    if (a.status !== 'created') throw new Error('expected created');
    const reset = await issuePasswordResetToken(db, a.user);
    await db.transaction((tx) => verifyEmail(tx, a.verifyToken!));
    expect(await db.transaction((tx) => resetPassword(tx, reset, 'changed pw 12345'))).toBeNull();

    const b = await register(uniqueEmail('owner'), 'Owner', 'owner password 1');
    if (b.status !== 'created') throw new Error('expected created');
    const resetB = await issuePasswordResetToken(db, b.user);
    await db.transaction((tx) => resetPassword(tx, resetB, 'changed pw 12345'));
    expect(await db.transaction((tx) => verifyEmail(tx, b.verifyToken!))).toBeNull();
    expect(await openTokens(b.user.id)).toEqual([]);
  });

  it('in the same transaction: a rolled-back verification leaves every link open', async () => {
    const a = await register(uniqueEmail('owner'), 'Owner', 'owner password 1');
    if (a.status !== 'created') throw new Error('expected created');
    await issuePasswordResetToken(db, a.user);
    await expect(
      db.transaction(async (tx) => {
        expect(await verifyEmail(tx, a.verifyToken!)).not.toBeNull();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await openTokens(a.user.id)).toHaveLength(2);
  });
});
