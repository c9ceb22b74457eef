import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { actAs, createUser } from '@/test/factories';
import { createApiKeyDefinition, rotateApiKeyDefinition } from './actions';
import { ALREADY_HAS_KEY_MESSAGE, createApiKey } from './keys';

// PostgreSQL only (real concurrent connections): "one active pair per membership" holds when
// requests race — through the pipeline (which serialises them on the account lock) and, below
// it, by the partial unique index alone when nothing else serialises them.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

async function activeKeys(accountId: string, userId: string) {
  return db
    .select()
    .from(apiKeys)
    .where(
      and(eq(apiKeys.accountId, accountId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)),
    );
}

describe('one active pair per membership under concurrency', () => {
  it('10 parallel creates through the pipeline: exactly one succeeds', async () => {
    const user = await createUser(db, 'Racer');
    const account = user.personalAccountId;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => actAs(user, createApiKeyDefinition, account, {}, null)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toMatchObject({ kind: 'rejected', message: ALREADY_HAS_KEY_MESSAGE });
    }
    expect(await activeKeys(account, user.id)).toHaveLength(1);
  });

  it('parallel rotations leave exactly one active pair', async () => {
    const user = await createUser(db, 'Rotating racer');
    const account = user.personalAccountId;
    await actAs(user, createApiKeyDefinition, account, {}, null);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => actAs(user, rotateApiKeyDefinition, account, {}, null)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await activeKeys(account, user.id)).toHaveLength(1);
  });

  it('without any lock, the unique index alone lets exactly one of 10 creates commit', async () => {
    const user = await createUser(db, 'Unlocked racer');
    const account = user.personalAccountId;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => db.transaction((tx) => createApiKey(tx, account, user.id))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(o.reason).toBeInstanceOf(DomainError);
        expect((o.reason as DomainError).message).toBe(ALREADY_HAS_KEY_MESSAGE);
      }
    }
    expect(await activeKeys(account, user.id)).toHaveLength(1);
  });
});
