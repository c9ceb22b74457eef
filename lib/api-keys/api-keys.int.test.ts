import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { leaveOrganizationDefinition } from '@/lib/accounts/actions';
import { isUniqueViolation } from '@/lib/errors';
import {
  actAs,
  auditEventsOf,
  createOrganization,
  createTeam,
  createUser,
  expectOk,
  expectRejected,
  memberActions,
  onlyAuditEvent,
  rowsContaining,
} from '@/test/factories';
import {
  createApiKeyDefinition,
  keyHint,
  revokeApiKeyDefinition,
  revokeMemberApiKeyDefinition,
  rotateApiKeyDefinition,
  type IssuedApiKeyData,
} from './actions';
import {
  ALREADY_HAS_KEY_MESSAGE,
  activeApiKey,
  membersWithActiveKeys,
  NO_KEY_MESSAGE,
} from './keys';
import { hashApiSecret } from './secrets';

// API key pairs through the one action pipeline, on both databases: one active pair per
// membership, secrets kept only as hashes, every change audited, and the pair dying with the
// membership. The race between two creates on a server: api-keys-race.pgonly.test.ts.

let db: Db;
const IP = '198.51.100.21';

beforeAll(async () => {
  db = await getDb();
});

const issued = (outcome: { data?: unknown }) => outcome.data as IssuedApiKeyData;

async function keyRows(accountId: string) {
  return db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId));
}

describe('own API key pair', () => {
  it('is created once, its secret stored only as a hash, audited with a hint of the key', async () => {
    const user = await createUser(db, 'Key Owner');
    const account = user.personalAccountId;
    const pair = issued(expectOk(await actAs(user, createApiKeyDefinition, account, {}, IP)));

    const [row] = await keyRows(account);
    expect(row).toMatchObject({ userId: user.id, key: pair.key, revokedAt: null });
    expect(row!.secretHash).toBe(hashApiSecret(pair.secret));
    expect(await rowsContaining(db, pair.secret)).toEqual({});

    const event = await onlyAuditEvent(db, account, 'api_key.created');
    expect(event).toMatchObject({ actorUserId: user.id, targetType: 'user', targetId: user.id });
    expect(event.metadata).toEqual({ key: keyHint(pair.key) });

    // A second create is refused: rotate instead.
    expect(await actAs(user, createApiKeyDefinition, account, {}, IP)).toEqual({
      ok: false,
      kind: 'rejected',
      message: ALREADY_HAS_KEY_MESSAGE,
      field: undefined,
      conflict: true,
    });
    expect(await keyRows(account)).toHaveLength(1);
  });

  it('a user in three organizations has four distinct pairs', async () => {
    const user = await createUser(db, 'User');
    const a = await createOrganization(db, await createUser(db, 'A'), [[user, 'tech']]);
    const b = await createOrganization(db, await createUser(db, 'B'), [[user, 'admin']]);
    const c = await createOrganization(db, user);
    const keys = new Set<string>();
    for (const accountId of [user.personalAccountId, a.id, b.id, c.id]) {
      keys.add(issued(expectOk(await actAs(user, createApiKeyDefinition, accountId, {}, IP))).key);
    }
    expect(keys.size).toBe(4);
  });

  it('rotation revokes the old pair and issues a new one in one step', async () => {
    const user = await createUser(db, 'Rotator');
    const account = user.personalAccountId;
    const first = issued(expectOk(await actAs(user, createApiKeyDefinition, account, {}, IP)));
    const second = issued(expectOk(await actAs(user, rotateApiKeyDefinition, account, {}, IP)));
    expect(second.key).not.toBe(first.key);
    expect(second.secret).not.toBe(first.secret);

    const rows = await keyRows(account);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.key === first.key)!.revokedAt).toBeInstanceOf(Date);
    expect(rows.find((r) => r.key === second.key)!.revokedAt).toBeNull();
    expect((await activeApiKey(db, account, user.id))!.key).toBe(second.key);
    const event = await onlyAuditEvent(db, account, 'api_key.rotated');
    expect(event.metadata).toEqual({ previousKey: keyHint(first.key), key: keyHint(second.key) });
  });

  it('revoke ends the pair; rotate or revoke without an active pair is refused', async () => {
    const user = await createUser(db, 'Revoker');
    const account = user.personalAccountId;
    expect(expectRejected(await actAs(user, rotateApiKeyDefinition, account, {}, IP))).toBe(
      NO_KEY_MESSAGE,
    );
    const pair = issued(expectOk(await actAs(user, createApiKeyDefinition, account, {}, IP)));
    expectOk(await actAs(user, revokeApiKeyDefinition, account, {}, IP));
    expect(await activeApiKey(db, account, user.id)).toBeNull();
    expect((await onlyAuditEvent(db, account, 'api_key.revoked')).metadata).toEqual({
      key: keyHint(pair.key),
    });
    expect(expectRejected(await actAs(user, revokeApiKeyDefinition, account, {}, IP))).toBe(
      NO_KEY_MESSAGE,
    );
    // After a revoke a new pair can be created.
    expectOk(await actAs(user, createApiKeyDefinition, account, {}, IP));
  });

  it('every role manages its own pair; a stranger is told the account does not exist', async () => {
    const { org, users } = await createTeam(db, 'Owner', ['Tech', 'tech'], ['Admin', 'admin']);
    for (const user of users) {
      expectOk(await actAs(user, createApiKeyDefinition, org.id, {}, IP));
    }
    expect(await membersWithActiveKeys(db, org.id)).toEqual(new Set(users.map((u) => u.id)));
    const stranger = await createUser(db, 'Stranger');
    expect(await actAs(stranger, createApiKeyDefinition, org.id, {}, IP)).toEqual({
      ok: false,
      kind: 'not_found',
    });
    expect(await actAs(null, createApiKeyDefinition, org.id, {}, IP)).toEqual({
      ok: false,
      kind: 'unauthenticated',
    });
  });
});

describe('an owner revoking a member’s pair', () => {
  it('revokes it and names the member in the audit log; others may not', async () => {
    const {
      org,
      users: [owner, tech, admin],
    } = await createTeam(db, 'Owner', ['Tech', 'tech'], ['Admin', 'admin']);
    const pair = issued(expectOk(await actAs(tech, createApiKeyDefinition, org.id, {}, IP)));

    for (const actor of [tech, admin]) {
      expect(
        await actAs(actor, revokeMemberApiKeyDefinition, org.id, { userId: tech.id }, IP),
      ).toEqual({ ok: false, kind: 'forbidden' });
    }
    expect(await activeApiKey(db, org.id, tech.id)).not.toBeNull();

    expectOk(await actAs(owner, revokeMemberApiKeyDefinition, org.id, { userId: tech.id }, IP));
    expect(await activeApiKey(db, org.id, tech.id)).toBeNull();
    const event = await onlyAuditEvent(db, org.id, 'api_key.revoked');
    expect(event).toMatchObject({ actorUserId: owner.id, targetType: 'user', targetId: tech.id });
    expect(event.metadata).toEqual({ key: keyHint(pair.key), byOwner: true });

    expect(
      expectRejected(
        await actAs(owner, revokeMemberApiKeyDefinition, org.id, { userId: tech.id }, IP),
      ),
    ).toBe('This member has no active API key.');
    expect(
      await actAs(owner, revokeMemberApiKeyDefinition, org.id, { userId: 'nope' }, IP),
    ).toMatchObject({ ok: false, kind: 'invalid' });
    expect(await auditEventsOf(db, org.id, 'api_key.revoked')).toHaveLength(1);
  });
});

describe('the pair dies with the membership', () => {
  it('on removal and on leaving, its rows go with the membership', async () => {
    const {
      org,
      users: [owner, tech, admin],
    } = await createTeam(db, 'Owner', ['Tech', 'tech'], ['Admin', 'admin']);
    for (const user of [tech, admin]) {
      expectOk(await actAs(user, createApiKeyDefinition, org.id, {}, IP));
      expectOk(await actAs(user, rotateApiKeyDefinition, org.id, {}, IP));
    }
    expectOk(await memberActions(IP).remove(owner, org.id, tech.id));
    expectOk(await actAs(admin, leaveOrganizationDefinition, org.id, {}, IP));
    expect(await keyRows(org.id)).toEqual([]);
  });

  it('the database refuses a second active pair and a pair without a membership', async () => {
    const user = await createUser(db, 'Direct');
    const account = user.personalAccountId;
    const row = { accountId: account, userId: user.id, secretHash: 'x' };
    await db.insert(apiKeys).values({ ...row, key: 'ALPK-direct-1' });
    const second = db.insert(apiKeys).values({ ...row, key: 'ALPK-direct-2' });
    await expect(second).rejects.toSatisfy(isUniqueViolation);
    const stranger = await createUser(db, 'No membership');
    await expect(
      db.insert(apiKeys).values({ ...row, userId: stranger.id, key: 'ALPK-direct-3' }),
    ).rejects.toThrow();
  });
});
