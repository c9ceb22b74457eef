import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { payments, rateLimits } from '@/db/schema';
import {
  createOrganizationDefinition,
  updateAccountDetailsDefinition,
} from '@/lib/accounts/actions';
import { hitRateLimit } from '@/lib/security/rate-limit';
import { COSTLY_ACTION_LIMITS } from '@/lib/security/throttle';
import {
  actAs,
  createTeam,
  createUser,
  expectOk,
  organizationDetails,
  type TestUser,
} from '@/test/factories';
import { paymentDefinition } from './payments';
import type { PaymentProvider } from './providers/provider';
import { TEST_CARDS, testCardProvider } from './providers/test-card';
import { expectLedgerConsistent } from './test-helpers';

// Costly actions are limited per user and per account in the shared database limiter, and a
// payment attempt holds no lock while its provider answers.

let db: Db;
const IP = '203.0.113.61';

beforeAll(async () => {
  db = await getDb();
});
afterEach(async () => {
  await expectLedgerConsistent(db);
});

const payInput = () => ({
  amount: '20.00',
  idempotencyKey: randomUUID(),
  cardNumber: TEST_CARDS.success,
  cardExpiry: '12/30',
  cardCvc: '737',
});

function pay(user: TestUser, accountId: string, provider: PaymentProvider = testCardProvider) {
  return actAs(user, paymentDefinition(provider), accountId, payInput(), IP);
}

async function paymentCount(accountId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(payments)
    .where(eq(payments.accountId, accountId));
  return row?.n ?? 0;
}

async function counter(key: string) {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key));
  return row?.count ?? 0;
}

describe('payment attempts', () => {
  it('are limited per user: past the limit a clear "try again" refusal, nothing written', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Payer');
    const rule = COSTLY_ACTION_LIMITS.paymentPerUser;
    await hitRateLimit(db, rule, owner.id, rule.limit - 1);
    expectOk(await pay(owner, org.id));
    const refused = await pay(owner, org.id);
    expect(refused).toMatchObject({
      ok: false,
      kind: 'rate_limited',
      message: expect.stringMatching(/^Too many payment attempts\. Try again in \d+ minutes?\.$/),
    });
    expect(await paymentCount(org.id)).toBe(1);
    // The refused attempt rolled back its own count.
    expect(await counter(`${rule.name}:${owner.id}`)).toBe(rule.limit);
  });

  it('are limited per account, whoever of its members pays', async () => {
    const {
      org,
      users: [owner, admin],
    } = await createTeam(db, 'Payer', ['Admin', 'admin']);
    const rule = COSTLY_ACTION_LIMITS.paymentPerAccount;
    await hitRateLimit(db, rule, org.id, rule.limit);
    expect(await pay(owner, org.id)).toMatchObject({ ok: false, kind: 'rate_limited' });
    expect(await pay(admin, org.id)).toMatchObject({ ok: false, kind: 'rate_limited' });
    expect(await paymentCount(org.id)).toBe(0);
  });

  it('a replay of the same attempt is not counted again', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Payer');
    const input = payInput();
    const definition = paymentDefinition(testCardProvider);
    expectOk(await actAs(owner, definition, org.id, input, IP));
    expectOk(await actAs(owner, definition, org.id, input, IP));
    expect(await counter(`${COSTLY_ACTION_LIMITS.paymentPerUser.name}:${owner.id}`)).toBe(1);
  });

  it('hold no lock on the account while the provider answers', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Payer');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const providerAsked = new Promise<void>((resolve) => (asked = resolve));
    const slowProvider: PaymentProvider = {
      ...testCardProvider,
      async charge(request) {
        asked();
        await gate;
        return testCardProvider.charge(request);
      },
    };
    const payment = pay(owner, org.id, slowProvider);
    await providerAsked;
    // While the provider is busy, another member action on the account completes.
    const details = await actAs(
      owner,
      updateAccountDetailsDefinition,
      org.id,
      organizationDetails('Renamed while paying'),
      IP,
    );
    expect(details).toMatchObject({ ok: true });
    release();
    expect(expectOk(await payment).message).toMatch(/^Payment received: 20\.00 CHF/);
  });
});

describe('creating organizations', () => {
  it('is limited per user, with a clear "try again" refusal; nothing is created', async () => {
    const user: TestUser = await createUser(db, 'Founder');
    const rule = COSTLY_ACTION_LIMITS.organizationPerUser;
    await hitRateLimit(db, rule, user.id, rule.limit);
    const result = await actAs(
      user,
      createOrganizationDefinition,
      user.personalAccountId,
      organizationDetails('One Too Many'),
      IP,
    );
    expect(result).toMatchObject({
      ok: false,
      kind: 'rate_limited',
      message: expect.stringMatching(/^Too many new organizations\. Try again in \d+ hours\.$/),
    });
  });
});
