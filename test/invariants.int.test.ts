import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db, type Tx } from '@/db/client';
import { createTeam, createUser, type TestUser } from '@/test/factories';
import { findInvariantViolations, INVARIANTS } from './invariants';

// The invariant checker must be able to fail: each check is broken on purpose inside a
// transaction that is rolled back afterwards (a scratch state of this file's database), and
// the checker must name exactly that invariant.

let db: Db;
let owner: TestUser;
let tech: TestUser;
let orgId: string;

class Rollback extends Error {}

/** Applies `breakIt` in a transaction, returns the violated invariants' names, rolls back. */
async function violatedAfter(breakIt: (tx: Tx) => Promise<unknown>): Promise<string[]> {
  let names: string[] = [];
  await db
    .transaction(async (tx) => {
      await breakIt(tx);
      names = (await findInvariantViolations(tx)).map((v) => v.invariant);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return names;
}

const exec = (tx: Tx, text: string) => tx.execute(sql.raw(text));

beforeAll(async () => {
  db = await getDb();
  const team = await createTeam(db, 'Owner', ['Tech', 'tech']);
  [owner, tech] = team.users;
  orgId = team.org.id;
});

describe('the invariant checker', () => {
  it('finds nothing on a database built through the domain functions', async () => {
    expect(await findInvariantViolations(db)).toEqual([]);
  });

  it('names the violating rows', async () => {
    let rows: unknown[] = [];
    await db
      .transaction(async (tx) => {
        await exec(tx, `delete from memberships where account_id = '${orgId}' and role = 'owner'`);
        rows = (await findInvariantViolations(tx))[0]?.rows ?? [];
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(rows).toEqual([expect.objectContaining({ account_id: orgId })]);
  });

  const cases: Array<[invariant: string, breakIt: (tx: Tx) => Promise<unknown>]> = [
    [
      'every organization has at least one owner',
      (tx) => exec(tx, `update memberships set role = 'tech' where account_id = '${orgId}'`),
    ],
    [
      'every personal account has exactly one member: its user, as owner',
      (tx) =>
        exec(
          tx,
          `insert into memberships (account_id, user_id, role)
           values ('${owner.personalAccountId}', '${tech.id}', 'admin')`,
        ),
    ],
    [
      'only a personal account names a personal owner',
      async (tx) => {
        await exec(
          tx,
          `update accounts set personal_owner_id = null where id = '${owner.personalAccountId}'`,
        );
        await exec(
          tx,
          `update accounts set personal_owner_id = '${owner.id}' where id = '${orgId}'`,
        );
      },
    ],
    [
      'every user has a personal account',
      (tx) =>
        exec(tx, `insert into users (name, email) values ('Loner', 'loner-${Date.now()}@x.test')`),
    ],
    [
      'balance equals the sum of the ledger',
      (tx) => exec(tx, `update accounts set balance = -5 where id = '${orgId}'`),
    ],
    [
      'status follows the balance (active above 0, suspended at 0 or below)',
      (tx) => exec(tx, `update accounts set status = 'active' where id = '${orgId}'`),
    ],
    [
      'one payment per idempotency key',
      async (tx) => {
        await exec(tx, `drop index payments_idempotency_idx`);
        for (const ref of ['PAY-A', 'PAY-B']) {
          await exec(
            tx,
            `insert into payments (account_id, reference, idempotency_key, request_hash, amount,
               currency, status, provider)
             values ('${orgId}', '${ref}', 'same-key', 'h', 100000, 'CHF', 'failed', 'test')`,
          );
        }
      },
    ],
    [
      'a payment credits the ledger once, and only when it succeeded',
      (tx) =>
        exec(
          tx,
          `insert into payments (account_id, reference, idempotency_key, request_hash, amount,
             currency, status, provider)
           values ('${orgId}', 'PAY-C', 'key-c', 'h', 100000, 'CHF', 'succeeded', 'test')`,
        ),
    ],
    [
      'a ledger credit names a payment of its own account and amount',
      (tx) =>
        exec(
          tx,
          `insert into ledger_entries (account_id, kind, amount, balance_after, description,
             payment_id)
           values ('${orgId}', 'payment', 0, 0, 'ghost', gen_random_uuid())`,
        ),
    ],
    [
      'one credit per provider payment (a provider event credits once)',
      async (tx) => {
        await exec(tx, `drop index payments_provider_idx`);
        for (const [ref, amount] of [
          ['PAY-D', 100000],
          ['PAY-E', 200000],
        ] as const) {
          await exec(
            tx,
            `with p as (
               insert into payments (account_id, reference, idempotency_key, request_hash,
                 amount, currency, status, provider, provider_payment_id)
               values ('${orgId}', '${ref}', 'key-${ref}', 'h', ${amount}, 'CHF', 'succeeded',
                 'test', 'pi_same') returning id)
             insert into ledger_entries (account_id, kind, amount, balance_after, description,
               payment_id)
             select '${orgId}', 'payment', ${amount}, 0, 'credit', id from p`,
          );
        }
      },
    ],
    [
      'no invitation both answered and pending',
      (tx) =>
        exec(
          tx,
          `insert into invitations (account_id, email, role, token_hash, status, expires_at,
             responded_at)
           values ('${orgId}', 'x@x.test', 'tech', 'hash-1', 'pending', now() + interval '1 day',
             now())`,
        ),
    ],
    [
      'an accepted invitation was accepted by the invited address',
      (tx) =>
        exec(
          tx,
          `insert into invitations (account_id, email, role, token_hash, status, expires_at,
             responded_at, responded_by_user_id)
           values ('${orgId}', 'someone-else@x.test', 'tech', 'hash-2', 'accepted',
             now() + interval '1 day', now(), '${tech.id}')`,
        ),
    ],
  ];

  it.each(cases)('reports “%s” when it is broken', async (invariant, breakIt) => {
    const names = await violatedAfter(breakIt);
    expect(names).toContain(invariant);
  });

  it('every invariant without a later feature’s table has a case above', () => {
    const covered = new Set(cases.map(([name]) => name));
    const core = INVARIANTS.filter((i) => !i.requires?.length).map((i) => i.name);
    expect(core.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('checks that need a missing table are left out, not failed', async () => {
    const names = await findInvariantViolations(db, [
      { name: 'needs a table that does not exist', requires: ['no_such_table'], query: 'x' },
    ]);
    expect(names).toEqual([]);
  });

  it('a user signed up later keeps every invariant', async () => {
    await createUser(db, 'Later');
    expect(await findInvariantViolations(db)).toEqual([]);
  });
});
