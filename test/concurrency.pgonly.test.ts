import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { auditEvents, invitations, ledgerEntries, payments } from '@/db/schema';
import { executeAccountAction, type ActionResult } from '@/lib/actions/core';
import { paymentDefinition } from '@/lib/billing/payments';
import { TEST_CARDS, testCardProvider } from '@/lib/billing/providers/test-card';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { respondAndRecord } from '@/lib/invitations/respond';
import {
  actAs,
  createTeam,
  createUser,
  expectOk,
  memberActions,
  membershipsOf,
  ownersOf,
  type TestUser,
} from './factories';
import { findInvariantViolations } from './invariants';

// Concurrency on a real PostgreSQL server (several connections, real lock waits): many
// requests at once through the one action pipeline, then every invariant of the product
// (test/invariants.ts) and every figure checked exactly.

let db: Db;
const IP = '203.0.113.50';

beforeAll(async () => {
  db = await getDb();
});

async function expectInvariants() {
  expect(await findInvariantViolations(db)).toEqual([]);
}

const countOf = async (accountId: string, action: string) =>
  (
    await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action)))
  )[0]!.n;

describe('200 parallel payments with mixed idempotency keys', () => {
  it('each key pays once, declines credit nothing, conflicts write nothing; figures exact', async () => {
    const { org, users } = await createTeam(db, 'Payer', ['Admin payer', 'admin']);
    const definition = paymentDefinition(testCardProvider);
    const KEYS = 40;
    const keyOf = (i: number) => `concurrency-key-${String(i).padStart(4, '0')}`;
    // Key i pays (10 + i) CHF; every 8th key uses a declined card.
    const amountOf = (i: number) => 10 + i;
    const declined = (i: number) => i % 8 === 7;
    const requests = Array.from({ length: 200 }, (_, n) => {
      const i = n % KEYS;
      // Every 25th request reuses a key with another amount: a conflict.
      const conflicting = n % 25 === 24;
      return {
        actor: users[n % 2] as TestUser,
        i,
        conflicting,
        input: {
          amount: `${amountOf(i) + (conflicting ? 1 : 0)}.00`,
          idempotencyKey: keyOf(i),
          cardNumber: declined(i) ? TEST_CARDS.declined : TEST_CARDS.success,
          cardExpiry: '12/39',
          cardCvc: '123',
        },
      };
    });
    const results: ActionResult[] = await Promise.all(
      requests.map(({ actor, input }) =>
        executeAccountAction(definition, {
          principal: actor.principal,
          accountId: org.id,
          input,
          ip: IP,
        }),
      ),
    );

    // Every answer is a result: success, a declined card (refused), or a conflict (rejected).
    results.forEach((result, n) => {
      const { i } = requests[n]!;
      if (!result.ok) {
        expect(result.kind, `request ${n}`).toBe('rejected');
      } else if (declined(i)) {
        expect(result.outcome.refused, `request ${n}`).toBe(true);
      }
    });

    const rows = await db.select().from(payments).where(eq(payments.accountId, org.id));
    expect(rows).toHaveLength(KEYS);
    const paid = Array.from({ length: KEYS }, (_, i) => i).filter((i) => !declined(i));
    // The first request of a key fixes its amount; conflicting ones come later in each key's
    // group of 5 but may still win the race, so the amount is one of the two.
    const credited = await db
      .select({ amount: ledgerEntries.amount, key: payments.idempotencyKey })
      .from(ledgerEntries)
      .innerJoin(
        payments,
        and(
          eq(payments.accountId, ledgerEntries.accountId),
          eq(payments.id, ledgerEntries.paymentId),
        ),
      )
      .where(eq(ledgerEntries.accountId, org.id));
    expect(credited).toHaveLength(paid.length);
    for (const { amount, key } of credited) {
      const i = Number(key.slice(-4));
      expect(declined(i)).toBe(false);
      expect([amountOf(i) * 10_000, (amountOf(i) + 1) * 10_000]).toContain(amount);
    }
    const balance = credited.reduce((sum, c) => sum + c.amount, 0);
    const [account] = await db
      .execute<{
        balance: string;
        status: string;
      }>(sql`select balance::text, status from accounts where id = ${org.id}`)
      .then((r) => r.rows);
    expect(Number(account!.balance)).toBe(balance);
    expect(account!.status).toBe('active');
    expect(rows.filter((p) => p.status === 'failed')).toHaveLength(KEYS - paid.length);
    expect(await countOf(org.id, 'payment.succeeded')).toBe(paid.length);
    expect(await countOf(org.id, 'account.status_changed')).toBe(1);
    // Every request that was not the first of its key and not a conflict replayed.
    const conflicts = results.filter((r) => !r.ok).length;
    expect(await countOf(org.id, 'payment.replayed')).toBe(200 - KEYS - conflicts);
    await expectInvariants();
  });
});

describe('owners removing and demoting each other in parallel', () => {
  it('at least one owner always remains, and every change is exactly audited (5 rounds)', async () => {
    const { changeRole, remove } = memberActions(IP);
    for (let round = 0; round < 5; round++) {
      const { org, users } = await createTeam(
        db,
        'Owner 0',
        ['Owner 1', 'owner'],
        ['Owner 2', 'owner'],
        ['Owner 3', 'owner'],
        ['Owner 4', 'owner'],
        ['Owner 5', 'owner'],
      );
      // Each owner removes the next one and demotes the one after that, all at once.
      const results = await Promise.all(
        users.flatMap((actor, k) => [
          remove(actor, org.id, users[(k + 1) % users.length]!.id),
          changeRole(actor, org.id, users[(k + 2) % users.length]!.id, k % 2 ? 'tech' : 'admin'),
        ]),
      );
      for (const result of results) {
        if (!result.ok) expect(['rejected', 'not_found', 'forbidden']).toContain(result.kind);
      }
      const owners = await ownersOf(db, org.id);
      expect(owners.length, `round ${round}`).toBeGreaterThanOrEqual(1);
      const members = await membershipsOf(db, org.id);
      const removed = results.filter((r, n) => r.ok && n % 2 === 0).length;
      const changed = results.filter((r, n) => r.ok && n % 2 === 1).length;
      expect(members).toHaveLength(users.length - removed);
      expect(await countOf(org.id, 'member.removed')).toBe(removed);
      expect(await countOf(org.id, 'member.role_changed')).toBe(changed);
      expect(removed).toBeGreaterThan(0);
    }
    await expectInvariants();
  });
});

describe('20 parallel accepts', () => {
  it('of one invitation: exactly one membership; of 20 invitations while owners change roles: all 20 join', async () => {
    const { org, users } = await createTeam(db, 'Inviting owner', ['Second owner', 'owner']);
    const [owner, second] = users;
    const invitees = await Promise.all(
      Array.from({ length: 20 }, (_, n) => createUser(db, `Invitee ${n}`)),
    );
    expectOk(
      await actAs(
        owner,
        inviteMembersDefinition,
        org.id,
        { emails: invitees.map((u) => u.email).join(' '), role: 'tech' },
        IP,
      ),
    );
    const rows = await db.select().from(invitations).where(eq(invitations.accountId, org.id));
    const invitationOf = (user: TestUser) => rows.find((r) => r.email === user.email)!.id;

    // One invitation, its invitee accepting 20 times at once.
    const first = invitees[0]!;
    const racing = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        respondAndRecord(db, {
          invitationId: invitationOf(first),
          user: first,
          response: 'accepted',
          ip: IP,
        }),
      ),
    );
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await membershipsOf(db, org.id, first.id)).toHaveLength(1);

    // The other 19 accept at once while the two owners demote and promote each other.
    const { changeRole } = memberActions(IP);
    const settled = await Promise.allSettled([
      ...invitees.slice(1).map((user) =>
        respondAndRecord(db, {
          invitationId: invitationOf(user),
          user,
          response: 'accepted',
          ip: IP,
        }),
      ),
      changeRole(owner, org.id, second.id, 'admin'),
      changeRole(second, org.id, owner.id, 'admin'),
    ]);
    expect(settled.slice(0, 19).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await membershipsOf(db, org.id)).toHaveLength(22);
    expect(await countOf(org.id, 'invitation.accepted')).toBe(20);
    expect((await ownersOf(db, org.id)).length).toBeGreaterThanOrEqual(1);
    await expectInvariants();
  });
});
