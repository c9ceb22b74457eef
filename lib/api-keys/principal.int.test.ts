import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { AccessError, checkAccess, type Principal } from '@/lib/authz/access';
import type { Permission } from '@/lib/authz/permissions';
import { countingDb } from '@/test/query-count';
import {
  actAs,
  createTeam,
  createUser,
  expectOk,
  memberActions,
  type TestUser,
} from '@/test/factories';
import {
  createApiKeyDefinition,
  revokeApiKeyDefinition,
  rotateApiKeyDefinition,
  type IssuedApiKeyData,
} from './actions';
import { apiKeyPrincipal } from './principal';
import { generateApiSecret } from './secrets';

// An API key as a principal of the one access check: one statement, the live role of its
// membership, its own account only, and dead the moment it is revoked, rotated or its
// membership ends.

let db: Db;
const IP = '198.51.100.31';

beforeAll(async () => {
  db = await getDb();
});

async function issue(user: TestUser, accountId: string): Promise<IssuedApiKeyData> {
  return expectOk(await actAs(user, createApiKeyDefinition, accountId, {}, IP))
    .data as IssuedApiKeyData;
}

async function refusal(principal: Principal, accountId: string | null, permission: Permission) {
  try {
    await checkAccess(principal, accountId, permission);
    return 'granted';
  } catch (error) {
    if (error instanceof AccessError) return error.reason;
    throw error;
  }
}

async function lastUsed(key: string) {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.key, key));
  return row!.lastUsedAt;
}

describe('an API key principal', () => {
  it('resolves to its membership’s user, role and account in one statement', async () => {
    const {
      org,
      users: [, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const pair = await issue(tech, org.id);
    const { db: counting, statements } = await countingDb();
    const access = await checkAccess(apiKeyPrincipal(pair), null, 'resources.manage', counting);
    expect(statements).toHaveLength(1);
    expect(access.user.id).toBe(tech.id);
    expect(access.account.id).toBe(org.id);
    expect(access.role).toBe('tech');
    // Naming its own account explicitly is the same; any other account does not exist for it.
    expect((await checkAccess(apiKeyPrincipal(pair), org.id, 'account.view')).role).toBe('tech');
    expect(await refusal(apiKeyPrincipal(pair), tech.personalAccountId, 'account.view')).toBe(
      'not_found',
    );
    expect(await refusal(apiKeyPrincipal(pair), null, 'billing.manage')).toBe('forbidden');
  });

  it('refuses a wrong secret, an unknown key, a revoked and a rotated-away secret', async () => {
    const user = await createUser(db, 'Holder');
    const account = user.personalAccountId;
    const pair = await issue(user, account);
    const wrong = { key: pair.key, secret: generateApiSecret() };
    expect(await refusal(apiKeyPrincipal(wrong), null, 'account.view')).toBe('unauthenticated');
    const unknown = { key: 'ALPK' + 'A'.repeat(24), secret: pair.secret };
    expect(await refusal(apiKeyPrincipal(unknown), null, 'account.view')).toBe('unauthenticated');

    const rotated = expectOk(await actAs(user, rotateApiKeyDefinition, account, {}, IP))
      .data as IssuedApiKeyData;
    expect(await refusal(apiKeyPrincipal(pair), null, 'account.view')).toBe('unauthenticated');
    expect(await refusal(apiKeyPrincipal(rotated), null, 'account.view')).toBe('granted');
    expectOk(await actAs(user, revokeApiKeyDefinition, account, {}, IP));
    expect(await refusal(apiKeyPrincipal(rotated), null, 'account.view')).toBe('unauthenticated');
  });

  it('reads the role live and dies with the membership', async () => {
    const {
      org,
      users: [owner, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const pair = await issue(tech, org.id);
    const { changeRole, remove } = memberActions(IP);
    expect(await refusal(apiKeyPrincipal(pair), null, 'resources.manage')).toBe('granted');
    expectOk(await changeRole(owner, org.id, tech.id, 'admin'));
    expect(await refusal(apiKeyPrincipal(pair), null, 'resources.manage')).toBe('forbidden');
    expect(await refusal(apiKeyPrincipal(pair), null, 'billing.manage')).toBe('granted');
    expectOk(await remove(owner, org.id, tech.id));
    expect(await refusal(apiKeyPrincipal(pair), null, 'account.view')).toBe('unauthenticated');
  });

  it('updates last used at most once a minute, and never for a wrong secret', async () => {
    const user = await createUser(db, 'Toucher');
    const pair = await issue(user, user.personalAccountId);
    expect(await lastUsed(pair.key)).toBeNull();
    await checkAccess(
      apiKeyPrincipal({ key: pair.key, secret: generateApiSecret() }),
      null,
      'account.view',
    ).catch(() => {});
    expect(await lastUsed(pair.key)).toBeNull();

    await checkAccess(apiKeyPrincipal(pair), null, 'account.view');
    const first = await lastUsed(pair.key);
    expect(first).toBeInstanceOf(Date);
    await checkAccess(apiKeyPrincipal(pair), null, 'account.view');
    expect(await lastUsed(pair.key)).toEqual(first);

    // Once the last use is more than a minute old, the next use records itself.
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now() - interval '61 seconds'` })
      .where(and(eq(apiKeys.key, pair.key)));
    const old = await lastUsed(pair.key);
    await checkAccess(apiKeyPrincipal(pair), null, 'account.view');
    expect((await lastUsed(pair.key))!.getTime()).toBeGreaterThan(old!.getTime());
  });
});
