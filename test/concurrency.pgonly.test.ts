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
  // 5 organizations × 40 requests by their owner and admin (20 each): within the per-user and
  // per-account payment limits, so every request reaches the payment path.
  const ORGS = 5;
  const PER_ORG = 40;
  const KEYS = 8; // per organization, each used 5 times
  // Key i pays (10 + i) CHF; key 7 uses a declined card; the last request of each key's group
  // of 5 reuses the key with another amount (a conflict, whichever comes first).
  const amountOf = (i: number) => 10 + i;
  const declined = (i: number) => i === 7;
  const keyOf = (org: number, i: number) => `concurrency-${org}-key-${String(i).padStart(4, '0')}`;

  it('each key pays once, declines credit nothing, conflicts write nothing; figures exact', async () => {
    const teams = await Promise.all(
      Array.from({ length: ORGS }, (_, o) => createTeam(db, `Payer ${o}`, [`Admin ${o}`, 'admin'])),
    );
    const definition = paymentDefinition(testCardProvider);
    const requests = teams.flatMap(({ org, users }, o) =>
      Array.from({ length: PER_ORG }, (_, n) => {
        const i = n % KEYS;
        const conflicting = Math.floor(n / KEYS) === 4;
        return {
          org: org.id,
          actor: users[n % 2] as TestUser,
          input: {
            amount: `${amountOf(i) + (conflicting ? 1 : 0)}.00`,
            idempotencyKey: keyOf(o, i),
            cardNumber: declined(i) ? TEST_CARDS.declined : TEST_CARDS.success,
            cardExpiry: '12/39',
            cardCvc: '123',
          },
        };
      }),
    );
    expect(requests).toHaveLength(200);
    const results: ActionResult[] = await Promise.all(
      requests.map(({ org, actor, input }) =>
        executeAccountAction(definition, {
          principal: actor.principal,
          accountId: org,
          input,
          ip: IP,
        }),
      ),
    );
    // Every answer is a result: a success, a declined card (refused) or a conflict (rejected).
    for (const result of results) if (!result.ok) expect(result.kind).toBe('rejected');

    for (const [o, { org }] of teams.entries()) {
      const rows = await db.select().from(payments).where(eq(payments.accountId, org.id));
      expect(rows, `org ${o}`).toHaveLength(KEYS);
      expect(rows.filter((p) => p.status === 'failed')).toHaveLength(1);
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
      expect(credited).toHaveLength(KEYS - 1);
      for (const { amount, key } of credited) {
        const i = Number(key.slice(-4));
        // The key's first request fixed its amount: the usual one or the conflicting one.
        expect([amountOf(i) * 10_000, (amountOf(i) + 1) * 10_000]).toContain(amount);
      }
      const balance = credited.reduce((sum, c) => sum + c.amount, 0);
      const { rows: accountRows } = await db.execute<{ balance: string; status: string }>(
        sql`select balance::text, status from accounts where id = ${org.id}`,
      );
      expect(Number(accountRows[0]!.balance)).toBe(balance);
      expect(accountRows[0]!.status).toBe('active');
      expect(await countOf(org.id, 'payment.succeeded')).toBe(KEYS - 1);
      expect(await countOf(org.id, 'account.status_changed')).toBe(1);
      // Every request after the first of its key replayed it, unless it conflicted.
      const answers = results.slice(o * PER_ORG, (o + 1) * PER_ORG);
      const conflicts = answers.filter((r) => !r.ok).length;
      expect(conflicts).toBeGreaterThanOrEqual(KEYS - 1);
      expect(await countOf(org.id, 'payment.replayed')).toBe(PER_ORG - KEYS - conflicts);
    }
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
    // The inviter is not one of the owners who race: demoting an owner revokes the invitations
    // they sent, so an accept that lost a race against its inviter's demotion is rightly
    // refused, and "all 20 join" would depend on the order the race happened to take.
    const { org, users } = await createTeam(
      db,
      'Inviting owner',
      ['Second owner', 'owner'],
      ['Third owner', 'owner'],
    );
    const [owner, second, third] = users;
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

    // The other 19 accept at once while two other owners demote each other.
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
      changeRole(second, org.id, third.id, 'admin'),
      changeRole(third, org.id, second.id, 'admin'),
    ]);
    expect(settled.slice(0, 19).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await membershipsOf(db, org.id)).toHaveLength(23);
    expect(await countOf(org.id, 'invitation.accepted')).toBe(20);
    expect((await ownersOf(db, org.id)).length).toBeGreaterThanOrEqual(1);
    await expectInvariants();
  });
});
