import { count, eq } from 'drizzle-orm';
import { postLedgerEntry } from '@/lib/billing/ledger';
import { paymentIdentity, paymentRequestHash } from '@/lib/billing/payment-identity';
import { statusForBalance } from '@/lib/billing/status';
import { hashPassword } from '@/lib/auth/password';
import { findUserByEmail, signUp } from '@/lib/auth/users';
import type { Db } from './client';
import { accounts, memberships, payments, type MemberRole } from './schema';
import { ACME_ID, DEMO_PASSWORD } from './seed';

/** A demo organization left suspended at 0 (alice owns it). */
export const DORMANT_ID = 'b1000000-0000-4000-8000-000000000001';
/** For the billing end-to-end test only: suspended at 0, chloe admin, tess tech. */
export const BILLING_TEST_ORG_ID = 'b1000000-0000-4000-8000-000000000002';
export const TESS = { name: 'Tess Tech', email: 'tess@example.com' };

const DAY = 86_400_000;

/** Acme's history: payments and usage, oldest first (days ago, CHF). */
const ACME_HISTORY: Array<
  | { kind: 'payment'; daysAgo: number; chf: number; key: string }
  | { kind: 'usage'; daysAgo: number; units: number; description: string }
> = [
  { kind: 'payment', daysAgo: 63, chf: 500, key: 'seed-acme-payment-0001' },
  {
    kind: 'usage',
    daysAgo: 40,
    units: -1_842_500,
    description: 'Compute: 2 × standard.medium, 730 h',
  },
  { kind: 'payment', daysAgo: 34, chf: 250, key: 'seed-acme-payment-0002' },
  {
    kind: 'usage',
    daysAgo: 12,
    units: -963_275,
    description: 'Compute and object storage, November',
  },
  { kind: 'payment', daysAgo: 9, chf: 1000, key: 'seed-acme-payment-0003' },
];

async function ensureOrganization(
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
 * Billing demo data (idempotent): Acme Corp funded with a few back-dated payments and usage
 * charges, so its chart and ledger are not empty (it ends ACTIVE); "Dormant GmbH" left
 * SUSPENDED at 0; and "Billing Test Org" plus Tess Tech for the billing end-to-end test.
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

  const now = Date.now();
  await db.transaction(async (tx) => {
    for (const item of ACME_HISTORY) {
      const at = new Date(now - item.daysAgo * DAY);
      if (item.kind === 'usage') {
        await postLedgerEntry(tx, {
          accountId: ACME_ID,
          kind: 'usage',
          amount: item.units,
          description: item.description,
          at,
        });
        continue;
      }
      const amount = item.chf * 10_000;
      const { id, reference } = paymentIdentity(ACME_ID, item.key);
      const card = { brand: 'Visa' as const, last4: '4242', expMonth: 12, expYear: 2030 };
      await tx.insert(payments).values({
        accountId: ACME_ID,
        id,
        reference,
        idempotencyKey: item.key,
        requestHash: paymentRequestHash({ amount, currency: 'CHF', provider: 'test', card }),
        amount,
        currency: 'CHF',
        status: 'succeeded',
        provider: 'test',
        providerPaymentId: `test_seed_${item.key}`,
        cardBrand: card.brand,
        cardLast4: card.last4,
        createdByUserId: alice.id,
        createdAt: at,
        completedAt: at,
      });
      await postLedgerEntry(tx, {
        accountId: ACME_ID,
        kind: 'payment',
        amount,
        description: `Payment ${reference} · Visa •••• 4242`,
        paymentId: id,
        createdByUserId: alice.id,
        at,
      });
    }
  });
  return { created };
}
