import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { memberships, sessions, type MemberRole } from '@/db/schema';
import {
  deleteSession,
  SESSION_IDLE_DAYS,
  SESSION_TOUCH_SECONDS,
  sessionPrincipal,
} from '@/lib/auth/sessions';
import { AccessError, checkAccess, type AccessFailure, type Principal } from '@/lib/authz/access';
import type { Permission } from '@/lib/authz/permissions';
import { revokeAllSessions } from '@/lib/auth/users';
import { generateToken } from '@/lib/auth/tokens';
import { insertOrganization, sessionFor, signUpUser } from '@/test/factories';

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

/** A user signed up directly (verified unless told), with their personal account. */
const createUser = (verified = true) => signUpUser(db, { verified });

async function failure(
  principal: Principal | null,
  accountId: string,
  permission: Permission,
): Promise<AccessFailure> {
  try {
    await checkAccess(principal, accountId, permission);
  } catch (error) {
    expect(error).toBeInstanceOf(AccessError);
    return (error as AccessError).reason;
  }
  throw new Error('expected checkAccess to refuse');
}

describe('checkAccess: granted', () => {
  it('gives the owner of a personal account its context', async () => {
    const { user, personalAccountId } = await createUser();
    const ctx = await checkAccess(await sessionFor(db, user), personalAccountId, 'account.view');
    expect(ctx.user).toEqual({ id: user.id, name: user.name, email: user.email });
    expect(ctx.account.id).toBe(personalAccountId);
    expect(ctx.account.kind).toBe('personal');
    expect(ctx.account.status).toBe('suspended');
    expect(ctx.account.balance).toBe(0);
    expect(ctx.role).toBe('owner');
    // ctx.can answers for this account kind
    expect(ctx.can('billing.manage')).toBe(true);
    expect(ctx.can('members.manage')).toBe(false);
    expect(ctx.can('organization.delete')).toBe(false);
  });

  it.each<[MemberRole, Permission]>([
    ['owner', 'members.manage'],
    ['owner', 'organization.delete'],
    ['tech', 'resources.manage'],
    ['tech', 'members.view'],
    ['admin', 'billing.manage'],
    ['admin', 'audit.view'],
  ])('an organization %s may %s', async (role, permission) => {
    const { user } = await createUser();
    const org = await insertOrganization(db, [[user, role]]);
    const ctx = await checkAccess(await sessionFor(db, user), org.id, permission);
    expect(ctx.role).toBe(role);
    expect(ctx.account.id).toBe(org.id);
    expect(ctx.account.kind).toBe('organization');
  });

  it('resolves the role in the account asked for, not in another one', async () => {
    const { user } = await createUser();
    const asTech = await insertOrganization(db, [[user, 'tech']]);
    const asAdmin = await insertOrganization(db, [[user, 'admin']]);
    expect((await checkAccess(await sessionFor(db, user), asTech.id, 'account.view')).role).toBe(
      'tech',
    );
    expect((await checkAccess(await sessionFor(db, user), asAdmin.id, 'account.view')).role).toBe(
      'admin',
    );
    expect(await failure(await sessionFor(db, user), asTech.id, 'billing.manage')).toBe(
      'forbidden',
    );
    expect((await checkAccess(await sessionFor(db, user), asAdmin.id, 'billing.manage')).role).toBe(
      'admin',
    );
  });

  it('accepts an account id in upper case', async () => {
    const { user, personalAccountId } = await createUser();
    const ctx = await checkAccess(
      await sessionFor(db, user),
      personalAccountId.toUpperCase(),
      'account.view',
    );
    expect(ctx.account.id).toBe(personalAccountId);
  });
});

describe('checkAccess: forbidden (a member without the permission)', () => {
  it.each<[MemberRole, Permission]>([
    ['tech', 'billing.manage'],
    ['tech', 'audit.view'],
    ['tech', 'account.edit'],
    ['tech', 'members.manage'],
    ['admin', 'resources.manage'],
    ['admin', 'members.manage'],
    ['admin', 'organization.delete'],
  ])('an organization %s asking %s', async (role, permission) => {
    const { user } = await createUser();
    const org = await insertOrganization(db, [[user, role]]);
    expect(await failure(await sessionFor(db, user), org.id, permission)).toBe('forbidden');
  });

  it.each<Permission>(['members.manage', 'organization.leave', 'organization.delete'])(
    'the owner of a personal account asking %s',
    async (permission) => {
      const { user, personalAccountId } = await createUser();
      expect(await failure(await sessionFor(db, user), personalAccountId, permission)).toBe(
        'forbidden',
      );
    },
  );
});

describe('checkAccess: not_found (the account does not exist for this user)', () => {
  it("someone else's personal account", async () => {
    const { user } = await createUser();
    const { personalAccountId: theirs } = await createUser();
    expect(await failure(await sessionFor(db, user), theirs, 'account.view')).toBe('not_found');
  });

  it('an organization the user is not a member of, whatever the permission', async () => {
    const { user } = await createUser();
    const { user: owner } = await createUser();
    const org = await insertOrganization(db, [[owner, 'owner']]);
    for (const permission of ['account.view', 'billing.manage', 'members.manage'] as const) {
      expect(await failure(await sessionFor(db, user), org.id, permission)).toBe('not_found');
    }
  });

  it('an account id that does not exist', async () => {
    const { user } = await createUser();
    expect(await failure(await sessionFor(db, user), randomUUID(), 'account.view')).toBe(
      'not_found',
    );
  });

  it.each([
    '',
    'abc',
    'not-a-uuid',
    "' or 1=1 --",
    `${randomUUID()}x`,
    '00000000-0000-0000-0000-00000000000g',
  ])('a malformed account id %j (no database error)', async (accountId) => {
    const { user } = await createUser();
    expect(await failure(await sessionFor(db, user), accountId, 'account.view')).toBe('not_found');
  });

  it('after the membership is removed', async () => {
    const { user } = await createUser();
    const org = await insertOrganization(db, [[user, 'admin']]);
    const principal = await sessionFor(db, user);
    await checkAccess(principal, org.id, 'account.view');
    await db
      .delete(memberships)
      .where(and(eq(memberships.accountId, org.id), eq(memberships.userId, user.id)));
    expect(await failure(principal, org.id, 'account.view')).toBe('not_found');
  });
});

describe('checkAccess: unauthenticated', () => {
  it('no principal', async () => {
    const { personalAccountId } = await createUser();
    expect(await failure(null, personalAccountId, 'account.view')).toBe('unauthenticated');
  });

  it('a token that matches no session, or a malformed hash (no database error)', async () => {
    const { personalAccountId } = await createUser();
    const unknown = sessionPrincipal(generateToken());
    expect(await failure(unknown, personalAccountId, 'account.view')).toBe('unauthenticated');
    const malformed = { kind: 'session', tokenHash: "x' or 1=1 --" } as const;
    expect(await failure(malformed, personalAccountId, 'account.view')).toBe('unauthenticated');
  });

  it('a signed-out session is refused at once; the other sessions keep working', async () => {
    const { user, personalAccountId } = await createUser();
    const laptop = await sessionFor(db, user);
    const phone = await sessionFor(db, user);
    await checkAccess(laptop, personalAccountId, 'account.view');
    expect(await deleteSession(db, laptop.tokenHash)).toBe(true);
    expect(await failure(laptop, personalAccountId, 'account.view')).toBe('unauthenticated');
    expect((await checkAccess(phone, personalAccountId, 'account.view')).user.id).toBe(user.id);
  });

  it('every session ends with revokeAllSessions; a new sign-in works', async () => {
    const { user, personalAccountId } = await createUser();
    const old = await sessionFor(db, user);
    await checkAccess(old, personalAccountId, 'account.view');
    await revokeAllSessions(db, user.id);
    expect(await failure(old, personalAccountId, 'account.view')).toBe('unauthenticated');
    const ctx = await checkAccess(await sessionFor(db, user), personalAccountId, 'account.view');
    expect(ctx.user.id).toBe(user.id);
  });

  it(`a session unused for ${SESSION_IDLE_DAYS} days is over`, async () => {
    const { user, personalAccountId } = await createUser();
    const principal = await sessionFor(db, user);
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - make_interval(days => ${SESSION_IDLE_DAYS}, secs => 1)` })
      .where(eq(sessions.tokenHash, principal.tokenHash));
    expect(await failure(principal, personalAccountId, 'account.view')).toBe('unauthenticated');
  });

  it('an unverified user, even in their own account', async () => {
    const { user, personalAccountId } = await createUser(false);
    expect(user.emailVerified).toBeNull();
    expect(await failure(await sessionFor(db, user), personalAccountId, 'account.view')).toBe(
      'unauthenticated',
    );
  });

  it('unauthenticated wins over not_found and forbidden', async () => {
    const { user } = await createUser();
    const org = await insertOrganization(db, [[user, 'tech']]);
    const principal = await sessionFor(db, user);
    await revokeAllSessions(db, user.id);
    expect(await failure(principal, org.id, 'billing.manage')).toBe('unauthenticated');
    expect(await failure(principal, randomUUID(), 'account.view')).toBe('unauthenticated');
    expect(await failure(principal, 'garbage', 'account.view')).toBe('unauthenticated');
  });
});

describe('checkAccess: last seen', () => {
  async function lastSeen(tokenHash: string): Promise<Date> {
    const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
    return row!.lastSeenAt;
  }

  it(`is refreshed by the check at most once every ${SESSION_TOUCH_SECONDS} s`, async () => {
    const { user, personalAccountId } = await createUser();
    const principal = await sessionFor(db, user);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db
      .update(sessions)
      .set({ lastSeenAt: twoMinutesAgo })
      .where(eq(sessions.tokenHash, principal.tokenHash));
    await checkAccess(principal, personalAccountId, 'account.view');
    const touched = await lastSeen(principal.tokenHash);
    expect(touched.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
    // Within the minute nothing is written: the value stays exactly the same.
    const recent = new Date(Date.now() - 20_000);
    await db
      .update(sessions)
      .set({ lastSeenAt: recent })
      .where(eq(sessions.tokenHash, principal.tokenHash));
    await checkAccess(principal, personalAccountId, 'account.view');
    expect((await lastSeen(principal.tokenHash)).getTime()).toBe(recent.getTime());
  });

  it('is refreshed even when the check refuses the account (not_found)', async () => {
    const { user } = await createUser();
    const principal = await sessionFor(db, user);
    const old = new Date(Date.now() - 120_000);
    await db
      .update(sessions)
      .set({ lastSeenAt: old })
      .where(eq(sessions.tokenHash, principal.tokenHash));
    expect(await failure(principal, randomUUID(), 'account.view')).toBe('not_found');
    expect((await lastSeen(principal.tokenHash)).getTime()).toBeGreaterThan(old.getTime());
  });
});
