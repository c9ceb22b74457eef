import { count, eq } from 'drizzle-orm';
import { postLedgerEntry } from '@/lib/billing/ledger';
import { paymentIdentity, paymentRequestHash } from '@/lib/billing/payment-identity';
import { statusForBalance } from '@/lib/billing/status';
import { hashPassword } from '@/lib/auth/password';
import { findUserByEmail, signUp } from '@/lib/auth/users';
import type { Db, Tx } from './client';
import { accounts, memberships, payments, type MemberRole } from './schema';
import { ACME_ID, DEMO_PASSWORD } from './seed';
import {
  acmeResourceEvents,
  dormantResourceEvents,
  playTimeline,
  seedResourceFixtures,
  THEO,
} from './seed-resources';

/** A demo organization whose funds ran out: suspended, its instances stopped (alice owns it). */
export const DORMANT_ID = 'b1000000-0000-4000-8000-000000000001';
/** For the billing end-to-end test only: suspended at 0, chloe admin, tess tech. */
export const BILLING_TEST_ORG_ID = 'b1000000-0000-4000-8000-000000000002';
export const TESS = { name: 'Tess Tech', email: 'tess@example.com' };

/** Payments of the demo history (days ago, CHF); the usage comes from the real meter. */
const PAYMENT_HISTORY: Array<{
  account: 'acme' | 'dormant';
  daysAgo: number;
  chf: number;
  key: string;
}> = [
  { account: 'acme', daysAgo: 63, chf: 500, key: 'seed-acme-payment-0001' },
  { account: 'acme', daysAgo: 34, chf: 250, key: 'seed-acme-payment-0002' },
  { account: 'acme', daysAgo: 9, chf: 1000, key: 'seed-acme-payment-0003' },
  { account: 'dormant', daysAgo: 20, chf: 10, key: 'seed-dormant-payment-0001' },
];

/** A succeeded test-card payment and its ledger credit, back-dated to `at`. */
async function seedPayment(
  tx: Tx,
  accountId: string,
  key: string,
  chf: number,
  at: Date,
  userId: string,
) {
  const amount = chf * 10_000;
  const { id, reference } = paymentIdentity(accountId, key);
  const card = { brand: 'Visa' as const, last4: '4242', expMonth: 12, expYear: 2030 };
  await tx.insert(payments).values({
    accountId,
    id,
    reference,
    idempotencyKey: key,
    requestHash: paymentRequestHash({ amount, currency: 'CHF', provider: 'test', card }),
    amount,
    currency: 'CHF',
    status: 'succeeded',
    provider: 'test',
    providerPaymentId: `test_seed_${key}`,
    cardBrand: card.brand,
    cardLast4: card.last4,
    createdByUserId: userId,
    createdAt: at,
    completedAt: at,
  });
  await postLedgerEntry(tx, {
    accountId,
    kind: 'payment',
    amount,
    description: `Payment ${reference} · Visa •••• 4242`,
    paymentId: id,
    createdByUserId: userId,
    at,
  });
}

export async function ensureOrganization(
  db: Db,
  id: string,
  details: { name: string; billingName: string; billingEmail: string },
  members: Array<[string, MemberRole]>,
) {
  await db
    .insert(accounts)
    .values({
      id,
      kind: 'organization',
      status: statusForBalance(0),
      balance: 0,
      billingAddressLine1: 'Bahnhofplatz 3',
      billingPostalCode: '3011',
      billingCity: 'Bern',
      billingCountry: 'CH',
      ...details,
    })
    .onConflictDoNothing();
  for (const [userId, role] of members) {
    await db.insert(memberships).values({ accountId: id, userId, role }).onConflictDoNothing();
  }
}

/**
 * Billing demo data (idempotent): Acme Corp with back-dated payments and 40 days of metered
 * resources, so its charts, breakdown and ledger are real (it ends ACTIVE); "Dormant GmbH",
 * whose small payment ran out (SUSPENDED, instances stopped); and "Billing Test Org" plus Tess
 * Tech for the billing end-to-end test.
 */
export async function seedBilling(db: Db): Promise<{ created: string[] }> {
  const created: string[] = [];
  const alice = await findUserByEmail(db, 'alice@example.com');
  const chloe = await findUserByEmail(db, 'chloe@example.com');
  if (!alice || !chloe) throw new Error('seedBilling needs the demo users (run seed first)');

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tess = await db.transaction((tx) =>
    signUp(tx, { ...TESS, password: DEMO_PASSWORD, passwordHash, verified: true }),
  );
  if (tess.status === 'created') created.push(TESS.email);
  const theo = await db.transaction((tx) =>
    signUp(tx, { ...THEO, password: DEMO_PASSWORD, passwordHash, verified: true }),
  );
  if (theo.status === 'created') created.push(THEO.email);
  await seedResourceFixtures(db, { aliceId: alice.id, chloeId: chloe.id, theoId: theo.user.id });

  await ensureOrganization(
    db,
    DORMANT_ID,
    { name: 'Dormant GmbH', billingName: 'Dormant GmbH', billingEmail: 'alice@example.com' },
    [[alice.id, 'owner']],
  );
  await ensureOrganization(
    db,
    BILLING_TEST_ORG_ID,
    {
      name: 'Billing Test Org',
      billingName: 'Billing Test Org AG',
      billingEmail: 'billing@billing-test.example',
    },
    [
      [alice.id, 'owner'],
      [chloe.id, 'admin'],
      [tess.user.id, 'tech'],
    ],
  );

  const [existing] = await db
    .select({ n: count() })
    .from(payments)
    .where(eq(payments.accountId, ACME_ID));
  if ((existing?.n ?? 0) > 0) return { created };

  // One chronological history: payments, resource changes and a meter run per day, so
  // every ledger entry's balance follows from the ones before it.
  const ids = { acme: ACME_ID, dormant: DORMANT_ID };
  await playTimeline(db, [
    ...PAYMENT_HISTORY.map((p) => ({
      daysAgo: p.daysAgo,
      run: (tx: Tx, at: Date) => seedPayment(tx, ids[p.account], p.key, p.chf, at, alice.id),
    })),
    ...acmeResourceEvents(ACME_ID, alice.id),
    ...dormantResourceEvents(DORMANT_ID, alice.id),
  ]);
  return { created };
}
