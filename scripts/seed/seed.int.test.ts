import { and, count, eq, like } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  accounts,
  auditEvents,
  instances,
  ledgerEntries,
  memberships,
  payments,
  usageRecords,
  users,
} from '@/db/schema';
import { expectLedgerConsistent } from '@/lib/billing/test-helpers';
import { listAccountInvitations } from '@/lib/invitations/queries';
import { membershipsOf } from '@/test/factories';
import {
  ACME_ID,
  BILLING_TEST_ORG_ID,
  DORMANT_ID,
  GLACIER_ID,
  GLACIER_MEMBER_COUNT,
  PENDING_INVITEE,
  seed,
  TESS,
} from './index';

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

afterEach(async () => {
  await expectLedgerConsistent(db);
});

async function account(id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

// A seed plays 40 days through the meter: minutes on a busy machine.
const SEED_TIMEOUT = 180_000;

describe('demo seed', () => {
  it(
    'funds and meters Acme Corp (active), runs Dormant GmbH dry, and is idempotent',
    async () => {
      await seed(db);
      const first = await db
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.accountId, ACME_ID));
      await seed(db);
      const second = await db
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.accountId, ACME_ID));
      expect(second).toHaveLength(first.length);
      expect(first.filter((e) => e.kind === 'payment')).toHaveLength(3);
      // The real meter ran once per simulated day for 40 days.
      const usage = first.filter((e) => e.kind === 'usage');
      expect(usage.length).toBeGreaterThanOrEqual(40);
      // Spread over the past weeks, for the chart.
      const ages = first
        .filter((e) => e.kind === 'payment')
        .map((e) => (Date.now() - e.createdAt.getTime()) / 86_400_000);
      expect(Math.max(...ages)).toBeGreaterThan(30);
      expect(Math.min(...ages)).toBeGreaterThan(1);

      const acme = await account(ACME_ID);
      const used = -usage.reduce((sum, e) => sum + e.amount, 0);
      expect(acme).toMatchObject({ status: 'active', balance: 17_500_000 - used });
      const acmeUsage = await db
        .select()
        .from(usageRecords)
        .where(eq(usageRecords.accountId, ACME_ID));
      expect(acmeUsage.reduce((sum, u) => sum + u.amount, 0)).toBe(used);
      expect(new Set(acmeUsage.map((u) => u.day)).size).toBeGreaterThanOrEqual(40);
      const acmeInstances = await db
        .select()
        .from(instances)
        .where(eq(instances.accountId, ACME_ID));
      expect(acmeInstances.map((i) => `${i.name}:${i.state}`).sort()).toEqual([
        'batch-1:stopped',
        'db-1:running',
        'web-1:running',
        'worker-1:stopped',
      ]);
      const acmePayments = await db.select().from(payments).where(eq(payments.accountId, ACME_ID));
      expect(acmePayments.map((p) => p.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

      const dormant = await account(DORMANT_ID);
      expect(dormant).toMatchObject({ name: 'Dormant GmbH', status: 'suspended' });
      expect(dormant!.balance).toBeLessThanOrEqual(0);
      const dormantInstances = await db
        .select()
        .from(instances)
        .where(eq(instances.accountId, DORMANT_ID));
      expect(dormantInstances.map((i) => i.state)).toEqual(['stopped', 'stopped']);
      expect(await account(BILLING_TEST_ORG_ID)).toMatchObject({
        name: 'Billing Test Org',
        status: 'suspended',
        balance: 0,
      });
      const roles = await db
        .select({ email: users.email, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.accountId, BILLING_TEST_ORG_ID));
      expect(roles.map((r) => `${r.email}:${r.role}`).sort()).toEqual([
        'alice@example.com:owner',
        'chloe@example.com:admin',
        `${TESS.email}:tech`,
      ]);
      const [tess] = await db
        .select()
        .from(users)
        .where(and(eq(users.email, TESS.email)));
      expect(tess?.emailVerified).toBeInstanceOf(Date);
    },
    SEED_TIMEOUT,
  );

  it(
    'makes Glacier Works of signed-up members and gives Acme Corp its pending invitation',
    async () => {
      await seed(db);
      const glacier = await membershipsOf(db, GLACIER_ID);
      expect(glacier).toHaveLength(GLACIER_MEMBER_COUNT + 1);
      // Every generated member got what sign-up gives: a personal account and its audit event.
      const signedUp = await db
        .select({ n: count() })
        .from(auditEvents)
        .innerJoin(users, eq(users.id, auditEvents.actorUserId))
        .where(
          and(eq(auditEvents.action, 'user.signed_up'), like(users.email, '%@glacier.example')),
        );
      expect(signedUp[0]?.n).toBe(GLACIER_MEMBER_COUNT);
      const invitations = await listAccountInvitations(db, ACME_ID);
      expect(invitations.map((i) => `${i.email}:${i.role}:${i.status}`)).toEqual([
        `${PENDING_INVITEE}:admin:pending`,
      ]);
    },
    SEED_TIMEOUT,
  );
});
