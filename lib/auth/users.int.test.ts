import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, auditEvents, memberships, sessions, users, userTokens } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { hashToken } from '@/lib/auth/tokens';
import {
  RESET_PASSWORD_TTL_MS,
  VERIFY_EMAIL_TTL_MS,
  checkCredentials,
  findUserByEmail,
  issuePasswordResetToken,
  issueConfirmAndSetPasswordToken,
  resetPassword,
  revokeAllSessions,
  signUp,
  verifyEmail,
  type SignUpInput,
} from '@/lib/auth/users';
import {
  auditEventsOf,
  membershipsOf,
  onlyAuditEvent,
  rowCounts,
  rowsContaining,
  sessionFor,
  signUpUser,
  uniqueEmail,
} from '@/test/factories';

let db: Db;
const PASSWORD = 'correct horse battery';
let passwordHash: string; // a real argon2id hash of PASSWORD, computed once for speed

beforeAll(async () => {
  db = await getDb();
  passwordHash = await hashPassword(PASSWORD);
});

/** A user signed up with PASSWORD (its real hash), unverified unless told. */
const createUser = (overrides: Partial<SignUpInput> = {}) =>
  signUpUser(db, { name: 'Test User', password: PASSWORD, passwordHash, ...overrides });

async function userById(id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

async function tokenRow(token: string) {
  const [row] = await db
    .select()
    .from(userTokens)
    .where(eq(userTokens.tokenHash, hashToken(token)));
  if (!row) throw new Error('no token row');
  return row;
}

async function expireToken(token: string) {
  await db
    .update(userTokens)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(eq(userTokens.tokenHash, hashToken(token)));
}

async function sessionCount(userId: string): Promise<number> {
  return (await db.select().from(sessions).where(eq(sessions.userId, userId))).length;
}

const countAll = () => rowCounts(db, { users, accounts, memberships, auditEvents, userTokens });

describe('signUp', () => {
  it('creates the user, a suspended personal account at 0 CHF, the owner membership and an audit event', async () => {
    const email = uniqueEmail('Fresh');
    const result = await db.transaction((tx) =>
      signUp(tx, { name: 'Fresh Person', email, password: PASSWORD, passwordHash }, '203.0.113.9'),
    );
    expect(result.status).toBe('created');
    if (result.status !== 'created') return;
    const { user, personalAccountId, verifyToken } = result;

    expect(user.name).toBe('Fresh Person');
    expect(user.email).toBe(email.toLowerCase());
    expect(user.emailVerified).toBeNull();
    expect(verifyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [account] = await db.select().from(accounts).where(eq(accounts.id, personalAccountId));
    expect(account).toMatchObject({
      kind: 'personal',
      name: 'Fresh Person',
      status: 'suspended',
      balance: 0,
      currency: 'CHF',
      personalOwnerId: user.id,
    });

    const members = await membershipsOf(db, personalAccountId);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ userId: user.id, role: 'owner' });

    const events = await auditEventsOf(db, personalAccountId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'user.signed_up',
      actorUserId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip: '203.0.113.9',
    });
  });

  it('hashes the password with argon2id when no hash is given', async () => {
    const password = 'a real password 123';
    const result = await db.transaction((tx) =>
      signUp(tx, { name: 'Argon', email: uniqueEmail(), password }),
    );
    if (result.status !== 'created') throw new Error('expected created');
    const stored = (await userById(result.user.id)).passwordHash;
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain(password);
    expect(await verifyPassword(stored!, password)).toBe(true);
    expect(await verifyPassword(stored!, 'a real password 124')).toBe(false);
  });

  it('is atomic: rolled back with its transaction, it leaves nothing behind', async () => {
    const before = await countAll();
    const email = uniqueEmail();
    await expect(
      db.transaction(async (tx) => {
        const result = await signUp(tx, { name: 'Ghost', email, password: PASSWORD, passwordHash });
        expect(result.status).toBe('created');
        throw new Error('abort after sign-up');
      }),
    ).rejects.toThrow('abort after sign-up');
    expect(await countAll()).toEqual(before);
    expect(await findUserByEmail(db, email)).toBeUndefined();
  });

  it('stores the email normalised, and a second sign-up with any variant is "exists"', async () => {
    const first = await db.transaction((tx) =>
      signUp(tx, {
        name: 'Alice',
        email: '  Alice@Example.COM ',
        password: PASSWORD,
        passwordHash,
      }),
    );
    expect(first.status).toBe('created');
    expect(first.user.email).toBe('alice@example.com');

    for (const variant of [
      '  Alice@Example.COM ',
      'alice@example.com',
      'ＡＬＩＣＥ＠ｅｘａｍｐｌｅ.com',
    ]) {
      const again = await db.transaction((tx) =>
        signUp(tx, { name: 'Mallory', email: variant, password: 'other password', passwordHash }),
      );
      expect(again.status).toBe('exists');
      expect(again.user.id).toBe(first.user.id);
      expect(again.user.name).toBe('Alice'); // untouched
    }

    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from users where lower(email) like '%alice%'`,
    );
    expect(rows[0]?.n).toBe(1);
    const personal = await db
      .select()
      .from(accounts)
      .where(eq(accounts.personalOwnerId, first.user.id));
    expect(personal).toHaveLength(1);
    const { rows: named } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from accounts where name in ('Alice', 'Mallory')`,
    );
    expect(named[0]?.n).toBe(1);
  });

  it('two simultaneous sign-ups with one address create exactly one user', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      [email, email.toUpperCase(), ` ${email} `].map((variant) =>
        db.transaction((tx) =>
          signUp(tx, { name: 'Racer', email: variant, password: PASSWORD, passwordHash }),
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['created', 'exists', 'exists']);
    const [created] = results.filter((r) => r.status === 'created');
    for (const r of results) expect(r.user.id).toBe(created!.user.id);
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
    expect(
      await db.select().from(accounts).where(eq(accounts.personalOwnerId, created!.user.id)),
    ).toHaveLength(1);
  });

  it('a pre-verified sign-up (seed) gets no verification token', async () => {
    const result = await createUser({ verified: true });
    expect(result.verifyToken).toBeNull();
    expect(result.user.emailVerified).toBeInstanceOf(Date);
    expect(await issueConfirmAndSetPasswordToken(db, result.user)).toBeNull();
  });
});

describe('email verification', () => {
  it('stores only the SHA-256 of the token, never the token itself', async () => {
    const { user, verifyToken } = await createUser();
    const token = verifyToken!;
    const rows = await db.select().from(userTokens).where(eq(userTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      purpose: 'verify_email',
      tokenHash: hashToken(token),
      usedAt: null,
    });
    expect(await rowsContaining(db, token)).toEqual({});
    expect(await rowsContaining(db, hashToken(token))).toEqual({ user_tokens: 1 });
  });

  it('expires after 24 hours', async () => {
    expect(VERIFY_EMAIL_TTL_MS).toBe(24 * 60 * 60 * 1000);
    const before = Date.now();
    const { verifyToken } = await createUser();
    const row = await tokenRow(verifyToken!);
    const ttl = row.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(VERIFY_EMAIL_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(VERIFY_EMAIL_TTL_MS + 60_000);
  });

  it('works exactly once', async () => {
    const { user, verifyToken } = await createUser();
    const verified = await db.transaction((tx) => verifyEmail(tx, verifyToken!));
    expect(verified?.id).toBe(user.id);
    expect(verified?.emailVerified).toBeInstanceOf(Date);
    expect((await userById(user.id)).emailVerified).toBeInstanceOf(Date);

    expect(await db.transaction((tx) => verifyEmail(tx, verifyToken!))).toBeNull();
    expect((await tokenRow(verifyToken!)).usedAt).toBeInstanceOf(Date);
  });

  it('an expired token does nothing', async () => {
    const { user, verifyToken } = await createUser();
    await expireToken(verifyToken!);
    expect(await db.transaction((tx) => verifyEmail(tx, verifyToken!))).toBeNull();
    expect((await userById(user.id)).emailVerified).toBeNull();
  });

  it('an unknown token does nothing', async () => {
    expect(await verifyEmail(db, 'A'.repeat(43))).toBeNull();
  });

  it('a newly issued link leaves the earlier one usable; using either ends both', async () => {
    const { user, verifyToken: first } = await createUser();
    const second = await issueConfirmAndSetPasswordToken(db, user);
    expect(second).not.toBeNull();
    expect((await verifyEmail(db, first!))?.id).toBe(user.id);
    expect(await resetPassword(db, second!, 'another password 1')).toBeNull();
    expect((await checkCredentials(db, user.email, PASSWORD)).ok).toBe(true);
  });

  it('a password-reset token cannot verify an email, nor the reverse', async () => {
    const { user, verifyToken } = await createUser();
    const resetToken = await issuePasswordResetToken(db, user);
    expect(await verifyEmail(db, resetToken)).toBeNull();
    expect(await resetPassword(db, verifyToken!, 'another password 1')).toBeNull();
    expect((await userById(user.id)).emailVerified).toBeNull();
    // a token offered for the wrong purpose is not used up
    expect((await verifyEmail(db, verifyToken!))?.id).toBe(user.id);
  });
});

describe('checkCredentials', () => {
  it('refuses a wrong password as invalid', async () => {
    const { user } = await createUser({ verified: true });
    expect(await checkCredentials(db, user.email, 'wrong password!')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses an unknown email as invalid (the same answer)', async () => {
    expect(await checkCredentials(db, uniqueEmail('nobody'), PASSWORD)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('reports unverified only when the password is right', async () => {
    const { user } = await createUser();
    expect(await checkCredentials(db, user.email, PASSWORD)).toEqual({
      ok: false,
      reason: 'unverified',
    });
    expect(await checkCredentials(db, user.email, 'wrong password!')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('accepts a verified user, matching the email in any form', async () => {
    const { user } = await createUser({ verified: true });
    for (const email of [user.email, ` ${user.email.toUpperCase()} `]) {
      const result = await checkCredentials(db, email, PASSWORD);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.user.id).toBe(user.id);
    }
  });

  it('a user verified by the emailed link can then sign in', async () => {
    const { user, verifyToken } = await createUser();
    await verifyEmail(db, verifyToken!);
    const result = await checkCredentials(db, user.email, PASSWORD);
    expect(result.ok).toBe(true);
  });
});

describe('password reset', () => {
  const NEW_PASSWORD = 'brand new password 42';

  it('expires after 1 hour', async () => {
    expect(RESET_PASSWORD_TTL_MS).toBe(60 * 60 * 1000);
    const { user } = await createUser({ verified: true });
    const before = Date.now();
    const token = await issuePasswordResetToken(db, user);
    const row = await tokenRow(token);
    expect(row.purpose).toBe('reset_password');
    const ttl = row.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(RESET_PASSWORD_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(RESET_PASSWORD_TTL_MS + 60_000);
    expect(await rowsContaining(db, token)).toEqual({});
  });

  it('sets the new password once, ends every session and writes an audit event', async () => {
    const { user, personalAccountId } = await createUser({ verified: true });
    await sessionFor(db, user);
    await sessionFor(db, user);
    const token = await issuePasswordResetToken(db, user);

    const updated = await db.transaction((tx) =>
      resetPassword(tx, token, NEW_PASSWORD, '198.51.100.7'),
    );
    expect(updated?.id).toBe(user.id);
    expect(await sessionCount(user.id)).toBe(0);

    expect(await checkCredentials(db, user.email, PASSWORD)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await checkCredentials(db, user.email, NEW_PASSWORD)).ok).toBe(true);

    // single use
    expect(await db.transaction((tx) => resetPassword(tx, token, 'a third password!!'))).toBeNull();
    expect((await checkCredentials(db, user.email, NEW_PASSWORD)).ok).toBe(true);

    const event = await onlyAuditEvent(db, personalAccountId, 'user.password_reset');
    expect(event).toMatchObject({ actorUserId: user.id, ip: '198.51.100.7' });
  });

  it('an expired reset token changes nothing', async () => {
    const { user } = await createUser({ verified: true });
    const token = await issuePasswordResetToken(db, user);
    await expireToken(token);
    await sessionFor(db, user);
    expect(await resetPassword(db, token, NEW_PASSWORD)).toBeNull();
    expect((await checkCredentials(db, user.email, PASSWORD)).ok).toBe(true);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('a new reset link leaves the earlier one usable; using one ends the other', async () => {
    const { user } = await createUser({ verified: true });
    const first = await issuePasswordResetToken(db, user);
    const second = await issuePasswordResetToken(db, user);
    expect((await resetPassword(db, first, NEW_PASSWORD))?.id).toBe(user.id);
    expect(await resetPassword(db, second, 'a third password!!')).toBeNull();
    expect((await checkCredentials(db, user.email, NEW_PASSWORD)).ok).toBe(true);
  });

  it('following the reset link also proves the address', async () => {
    const { user } = await createUser();
    const token = await issuePasswordResetToken(db, user);
    await resetPassword(db, token, NEW_PASSWORD);
    expect((await userById(user.id)).emailVerified).toBeInstanceOf(Date);
    expect((await checkCredentials(db, user.email, NEW_PASSWORD)).ok).toBe(true);
  });

  it('a rolled-back reset leaves the token usable', async () => {
    const { user } = await createUser({ verified: true });
    const token = await issuePasswordResetToken(db, user);
    await expect(
      db.transaction(async (tx) => {
        expect(await resetPassword(tx, token, NEW_PASSWORD)).not.toBeNull();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await checkCredentials(db, user.email, PASSWORD)).ok).toBe(true);
    expect((await resetPassword(db, token, NEW_PASSWORD))?.id).toBe(user.id);
  });
});

describe('revokeAllSessions', () => {
  it('ends every session of the user and records it each time', async () => {
    const { user, personalAccountId } = await createUser({ verified: true });
    await sessionFor(db, user);
    await sessionFor(db, user);
    await db.transaction((tx) => revokeAllSessions(tx, user.id, '192.0.2.1'));
    expect(await sessionCount(user.id)).toBe(0);
    await revokeAllSessions(db, user.id);
    const events = await auditEventsOf(db, personalAccountId, 'user.signed_out_everywhere');
    expect(events).toHaveLength(2);
  });

  it('touches no other user', async () => {
    const { user: a } = await createUser({ verified: true });
    const { user: b } = await createUser({ verified: true });
    await sessionFor(db, b);
    await revokeAllSessions(db, a.id);
    expect(await sessionCount(b.id)).toBe(1);
  });
});
