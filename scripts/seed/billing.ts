import type { Db, Tx } from '@/db/client';
import { payments, type Account } from '@/db/schema';
import { paymentIdentity, paymentRequestHash } from '@/lib/billing/payment-identity';
import { cardPaymentSchema } from '@/lib/billing/payment-schema';
import { listPayments } from '@/lib/billing/payments';
import { testCardProvider } from '@/lib/billing/providers/test-card';
import { settlePayment } from '@/lib/billing/settle';
import { lockAccount } from '@/lib/accounts/lock';
import { ACME_ID, BILLING_TEST_ORG_ID, DORMANT_ID } from './demo';
import { ensureOrganization, type SeedPeople } from './organizations';
import { acmeResourceEvents, dormantResourceEvents, playTimeline } from './resources';

/** Payments of the demo history (days ago, CHF); the usage comes from the real meter. */
const PAYMENT_HISTORY: Array<{ account: string; daysAgo: number; amount: string; key: string }> = [
  { account: ACME_ID, daysAgo: 63, amount: '500.00', key: 'seed-acme-payment-0001' },
  { account: ACME_ID, daysAgo: 34, amount: '250.00', key: 'seed-acme-payment-0002' },
  { account: ACME_ID, daysAgo: 9, amount: '1000.00', key: 'seed-acme-payment-0003' },
  { account: DORMANT_ID, daysAgo: 20, amount: '10.00', key: 'seed-dormant-payment-0001' },
];

/**
 * A test-card payment made `at` in the past: the payment form's input parsed by its schema,
 * charged by the test processor and settled (status, ledger credit) by settlePayment, all
 * dated `at`. The pending row is written here because the payment action claims it at the
 * database's now(), which cannot lie in the past.
 */
async function pastPayment(
  tx: Tx,
  account: Account,
  userId: string,
  form: { amount: string; key: string },
  at: Date,
) {
  const { amount, idempotencyKey, card } = cardPaymentSchema.parse({
    amount: form.amount,
    idempotencyKey: form.key,
    cardNumber: '4242 4242 4242 4242',
    cardExpiry: '12/30',
    cardCvc: '123',
  });
  const { id, reference } = paymentIdentity(account.id, idempotencyKey);
  const provider = testCardProvider;
  const requestHash = paymentRequestHash({
    amount,
    currency: account.currency,
    provider: provider.id,
    card,
  });
  const [payment] = await tx
    .insert(payments)
    .values({
      accountId: account.id,
      id,
      reference,
      idempotencyKey,
      requestHash,
      amount,
      currency: account.currency,
      provider: provider.id,
      createdByUserId: userId,
      createdAt: at,
    })
    .returning();
  if (!payment) throw new Error('seed payment not inserted');
  const description = `Alpenglow funds ${reference}`;
  const result = await provider.charge({
    accountId: account.id,
    paymentId: id,
    reference,
    amount,
    currency: account.currency,
    idempotencyKey,
    description,
    card,
  });
  if (result.status !== 'succeeded') throw new Error(`seed payment ${reference} not charged`);
  await settlePayment(tx, payment, result, { actorUserId: userId, ip: null, at });
}

/**
 * Billing demo data (idempotent): Acme Corp with back-dated payments and 40 days of metered
 * resources, so its charts, breakdown and ledger are real (it ends ACTIVE); "Dormant GmbH",
 * whose small payment ran out (SUSPENDED, instances stopped); and "Billing Test Org" with Tess
 * Tech for the billing end-to-end test.
 */
export async function seedBilling(db: Db, people: SeedPeople & { tess: { id: string } }) {
  const { alice, chloe, tess } = people;
  await db.transaction(async (tx) => {
    const dormant = { name: 'Dormant GmbH', billingEmail: alice.email };
    await ensureOrganization(tx, DORMANT_ID, dormant, [[alice, 'owner']]);
    const billingTest = {
      name: 'Billing Test Org',
      billingName: 'Billing Test Org AG',
      billingEmail: 'billing@billing-test.example',
    };
    await ensureOrganization(tx, BILLING_TEST_ORG_ID, billingTest, [
      [alice, 'owner'],
      [chloe, 'admin'],
      [tess, 'tech'],
    ]);
  });
  if ((await listPayments(db, ACME_ID, 1)).length > 0) return;

  // One chronological history: payments, resource changes and a meter run per day, so
  // every ledger entry's balance follows from the ones before it.
  await playTimeline(db, [
    ...PAYMENT_HISTORY.map((p) => ({
      daysAgo: p.daysAgo,
      run: async (tx: Tx, at: Date) =>
        pastPayment(tx, await lockAccount(tx, p.account), alice.id, p, at),
    })),
    ...acmeResourceEvents(ACME_ID, alice.id),
    ...dormantResourceEvents(DORMANT_ID, alice.id),
  ]);
}
