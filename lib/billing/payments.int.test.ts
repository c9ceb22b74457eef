import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  accounts,
  auditEvents,
  emailOutbox,
  ledgerEntries,
  payments,
  type Account,
} from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import type { Principal } from '@/lib/authz/access';
import { postLedgerEntry } from './ledger';
import { PAYMENT_MAX_UNITS, PAYMENT_MIN_UNITS } from './payment-schema';
import { paymentIdentity } from './payment-identity';
import { IDEMPOTENCY_CONFLICT_MESSAGE, paymentDefinition } from './payments';
import { TEST_CARDS, testCardProvider } from './providers/test-card';
import {
  createOrganization,
  createUser as createTestUser,
  expectOk,
  organizationDetails,
  type Members,
  type TestUser,
} from '@/test/factories';
import { expectLedgerConsistent } from './test-helpers';

// Payments with the built-in test processor, through the one action core on a real database
// (PGlite, and with DATABASE_URL a PostgreSQL server where the 50 submissions really race).

let db: Db;
const IP = '203.0.113.9';

beforeAll(async () => {
  db = await getDb();
});

afterEach(async () => {
  await expectLedgerConsistent(db);
});

const createUser = (name = 'Payer') => createTestUser(db, name);

/** An organization with a billing address of its own: tests count the emails sent to it. */
function createOrg(
  owner: TestUser,
  others: Members = [],
  overrides: Record<string, string> = {},
): Promise<Account> {
  return createOrganization(db, owner, others, {
    name: overrides.name,
    ip: IP,
    input: (name) => ({
      ...organizationDetails(name),
      billingName: 'Payer AG',
      billingAddressLine1: 'Seestrasse 1',
      billingPostalCode: '8002',
      billingEmail: `billing-${randomUUID().slice(0, 8)}@example.test`,
      ...overrides,
      name,
    }),
  });
}

const card = (number: string = TEST_CARDS.success) => ({
  cardNumber: number.replace(/(\d{4})(?=\d)/g, '$1 '),
  cardExpiry: '12/30',
  cardCvc: '737',
});

function payInput(overrides: Record<string, unknown> = {}) {
  return { amount: '100.00', idempotencyKey: randomUUID(), ...card(), ...overrides };
}

/** A payment through the action core, as every door runs it; the credited id from its data. */
async function pay(user: { principal: Principal | null }, accountId: string, input: unknown) {
  const result = await executeAccountAction(paymentDefinition(testCardProvider), {
    principal: user.principal,
    accountId,
    input,
    ip: IP,
  });
  return {
    result,
    creditedPaymentId: result.ok ? (result.outcome.data?.creditedPaymentId ?? null) : null,
  };
}

async function accountRow(id: string): Promise<Account> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw new Error('no account');
  return row;
}

async function paymentsOf(accountId: string) {
  return db.select().from(payments).where(eq(payments.accountId, accountId));
}

async function ledgerOf(accountId: string) {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId));
}

async function auditOf(accountId: string, action: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action)));
}

async function counts() {
  const [p] = await db.select({ n: count() }).from(payments);
  const [l] = await db.select({ n: count() }).from(ledgerEntries);
  const [a] = await db.select({ n: count() }).from(auditEvents);
  const [e] = await db.select({ n: count() }).from(emailOutbox);
  return { payments: p?.n, ledger: l?.n, audit: a?.n, emails: e?.n };
}

async function emailsTo(address: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
}

describe('a successful payment', () => {
  it('activates a new (suspended, 0) organization at once: ledger, balance, status, audit, receipt', async () => {
    const owner = await createUser('Olga Owner');
    const org = await createOrg(owner);
    expect(org).toMatchObject({ status: 'suspended', balance: 0 });

    const key = randomUUID();
    const { result, creditedPaymentId } = await pay(
      owner,
      org.id,
      payInput({ amount: '250.50', idempotencyKey: key }),
    );
    const outcome = expectOk(result);
    expect(outcome.refused).toBeUndefined();
    expect(outcome.message).toMatch(/Payment received: 250\.50 CHF/);
    expect(outcome.message).toContain(`${org.name} is now ACTIVE`);

    const after = await accountRow(org.id);
    expect(after).toMatchObject({ status: 'active', balance: 2_505_000 });

    const [payment, ...morePayments] = await paymentsOf(org.id);
    expect(morePayments).toHaveLength(0);
    expect(payment).toMatchObject({
      id: paymentIdentity(org.id, key).id,
      reference: paymentIdentity(org.id, key).reference,
      idempotencyKey: key,
      amount: 2_505_000,
      currency: 'CHF',
      status: 'succeeded',
      provider: 'test',
      cardBrand: 'Visa',
      cardLast4: '4242',
      failureCode: null,
      createdByUserId: owner.id,
    });
    expect(payment!.reference).toMatch(/^PAY-[0-9A-Z]{10}$/);
    expect(payment!.completedAt).toBeInstanceOf(Date);
    expect(creditedPaymentId).toBe(payment!.id);

    const ledger = await ledgerOf(org.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      kind: 'payment',
      amount: 2_505_000,
      balanceAfter: 2_505_000,
      paymentId: payment!.id,
      createdByUserId: owner.id,
    });
    expect(ledger[0]!.description).toContain(payment!.reference);

    const [succeeded] = await auditOf(org.id, 'payment.succeeded');
    expect(succeeded).toMatchObject({
      actorUserId: owner.id,
      ip: IP,
      targetType: 'payment',
      targetId: payment!.id,
      metadata: {
        reference: payment!.reference,
        amount: 2_505_000,
        currency: 'CHF',
        cardBrand: 'Visa',
        cardLast4: '4242',
        balanceAfter: 2_505_000,
      },
    });
    const statusChanges = await auditOf(org.id, 'account.status_changed');
    expect(statusChanges).toHaveLength(1);
    expect(statusChanges[0]).toMatchObject({
      actorUserId: owner.id,
      metadata: { before: 'suspended', after: 'active', balance: 2_505_000 },
    });

    // The receipt went to the organization's billing email, with the details of the payment.
    const mails = await emailsTo(org.billingEmail);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain(payment!.reference);
    expect(mail.subject).toContain('250.50 CHF');
    for (const text of [
      'Alpenglow Cloud AG',
      'CHE-418.203.771 MWST',
      'Payer AG',
      'Seestrasse 1',
      '8002 Zürich',
      'Switzerland',
      payment!.reference,
      '250.50 CHF',
      'Visa ending in 4242',
      `/a/${org.id}/billing/payments/${payment!.id}`,
    ]) {
      expect(mail.text).toContain(text);
    }
    // No tracking: no images, no third-party resources.
    expect(mail.html).not.toMatch(/<img/i);
  });

  it('a second payment on an active account keeps it active; no second status event', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    expectOk((await pay(owner, org.id, payInput({ amount: '10' }))).result);
    expectOk((await pay(owner, org.id, payInput({ amount: '10,000.00' }))).result);
    const after = await accountRow(org.id);
    expect(after).toMatchObject({
      status: 'active',
      balance: PAYMENT_MIN_UNITS + PAYMENT_MAX_UNITS,
    });
    expect(await auditOf(org.id, 'account.status_changed')).toHaveLength(1);
    expect((await ledgerOf(org.id)).map((e) => e.balanceAfter).sort((a, b) => a - b)).toEqual([
      PAYMENT_MIN_UNITS,
      PAYMENT_MIN_UNITS + PAYMENT_MAX_UNITS,
    ]);
  });

  it('an admin may pay; a personal account may pay; the receipt falls back to the payer', async () => {
    const owner = await createUser();
    const admin = await createUser('Ada Admin');
    const org = await createOrg(owner, [[admin, 'admin']]);
    expectOk((await pay(admin, org.id, payInput())).result);
    expect((await accountRow(org.id)).status).toBe('active');

    // A personal account whose billing email was cleared: the receipt goes to the payer.
    const solo = await createUser('Solo');
    await db
      .update(accounts)
      .set({ billingEmail: '' })
      .where(eq(accounts.id, solo.personalAccountId));
    expectOk((await pay(solo, solo.personalAccountId, payInput({ amount: '42.10' }))).result);
    expect(await accountRow(solo.personalAccountId)).toMatchObject({
      status: 'active',
      balance: 421_000,
    });
    const mails = await emailsTo(solo.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('42.10 CHF');
  });

  it('the receipt email escapes user-provided text', async () => {
    const owner = await createUser();
    const evil = '<a href=//evil>x</a>';
    const org = await createOrg(owner, [], {
      name: `${evil} ${randomUUID().slice(0, 4)}`,
      billingName: `${evil} AG`,
      billingAddressLine1: '<script>alert(1)</script>',
    });
    expectOk((await pay(owner, org.id, payInput())).result);
    const [mail] = await emailsTo(org.billingEmail);
    expect(mail).toBeDefined();
    expect(mail!.html).not.toContain('<a href=//evil>');
    expect(mail!.html).not.toContain('<script>');
    // Escaped by React, and inert against autolinking (word joiners after `/`).
    expect(mail!.html.replace(/\u2060/g, '')).toContain('&lt;a href=//evil&gt;x&lt;/a&gt;');
    expect(mail!.html).toContain('&lt;script&gt;');
  });
});

describe('declined and failed cards', () => {
  it.each([
    ['declined', TEST_CARDS.declined, 'card_declined', /declined/],
    [
      'insufficient funds',
      TEST_CARDS.insufficientFunds,
      'insufficient_funds',
      /insufficient funds/,
    ],
  ])(
    '%s: credits nothing, says why, keeps the failed attempt and its audit event',
    async (_label, number, code, reason) => {
      const owner = await createUser();
      const org = await createOrg(owner);
      const { result, creditedPaymentId } = await pay(owner, org.id, payInput(card(number)));
      const outcome = expectOk(result);
      expect(outcome.refused).toBe(true);
      expect(outcome.message).toMatch(reason);
      expect(outcome.message).toMatch(/Nothing was charged/);
      expect(creditedPaymentId).toBeNull();

      expect(await accountRow(org.id)).toMatchObject({ status: 'suspended', balance: 0 });
      expect(await ledgerOf(org.id)).toHaveLength(0);
      const [payment] = await paymentsOf(org.id);
      expect(payment).toMatchObject({
        status: 'failed',
        failureCode: code,
        cardBrand: 'Visa',
        cardLast4: number.slice(-4),
      });
      const [failed] = await auditOf(org.id, 'payment.failed');
      expect(failed).toMatchObject({
        actorUserId: owner.id,
        metadata: { failureCode: code, cardLast4: number.slice(-4), amount: 1_000_000 },
      });
      expect(await auditOf(org.id, 'account.status_changed')).toHaveLength(0);
      expect(await emailsTo(org.billingEmail)).toHaveLength(0);
    },
  );
});

describe('input validation: nothing is written for invalid input', () => {
  const invalidAmounts: Array<[string, RegExp]> = [
    ['', /Enter an amount/],
    ['-10', /positive/],
    ['0', /greater than zero/],
    ['0.00', /greater than zero/],
    ['10.001', /at most 2 decimal places/],
    ['NaN', /as a number/],
    ['Infinity', /as a number/],
    ['1e3', /not 1e3/],
    ['ten', /as a number/],
    ['12abc', /as a number/],
    ['0x20', /as a number/],
    ['9.99', /minimum payment is 10\.00 CHF/],
    ['10000.01', /maximum payment is 10,000\.00 CHF/],
    ['99999999999999999999', /too large/],
  ];

  it.each(invalidAmounts)('amount %j is refused with a clear message', async (amount, message) => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const before = await counts();
    const { result } = await pay(owner, org.id, payInput({ amount }));
    if (result.ok || result.kind !== 'invalid') throw new Error(JSON.stringify(result));
    expect(Object.keys(result.fieldErrors)).toEqual(['amount']);
    expect(result.fieldErrors.amount?.join(' ')).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('a non-string amount (e.g. a float through the API) is refused', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const { result } = await pay(owner, org.id, payInput({ amount: 10.5 }));
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
  });

  it.each([
    [{ cardNumber: '4242 4242 4242 4241' }, 'cardNumber', /not valid/],
    [{ cardNumber: '4242' }, 'cardNumber', /too short/],
    [{ cardNumber: '4242-abcd' }, 'cardNumber', /digits only/],
    [{ cardNumber: '' }, 'cardNumber', /Enter the card number/],
    [{ cardExpiry: '01/20' }, 'cardExpiry', /expired/],
    [{ cardExpiry: '13/30' }, 'cardExpiry', /01 to 12/],
    [{ cardExpiry: '1230' }, 'cardExpiry', /MM\/YY/],
    [{ cardCvc: '12' }, 'cardCvc', /3 or 4 digits/],
    [{ cardCvc: '12a' }, 'cardCvc', /3 or 4 digits/],
    [{ cardCvc: '1234' }, 'cardCvc', /has 3 digits/],
  ])('card %j → an error on %s', async (override, field, message) => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const before = await counts();
    const { result } = await pay(owner, org.id, payInput(override));
    if (result.ok || result.kind !== 'invalid') throw new Error(JSON.stringify(result));
    expect(Object.keys(result.fieldErrors)).toEqual([field]);
    expect(result.fieldErrors[field]?.join(' ')).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('a missing or malformed idempotency key is refused', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    for (const idempotencyKey of [undefined, '', 'short', 'has spaces in it!!!!']) {
      const { result } = await pay(owner, org.id, payInput({ idempotencyKey }));
      if (result.ok || result.kind !== 'invalid') throw new Error(JSON.stringify(result));
      expect(result.fieldErrors.idempotencyKey?.[0]).toMatch(/Reload the page/);
    }
    expect(await paymentsOf(org.id)).toHaveLength(0);
  });
});

describe('who may pay', () => {
  it('a tech calling the action directly is forbidden; nothing is written', async () => {
    const owner = await createUser();
    const tech = await createUser('Tess Tech');
    const org = await createOrg(owner, [[tech, 'tech']]);
    const before = await counts();
    const { result } = await pay(tech, org.id, payInput());
    expect(result).toEqual({ ok: false, kind: 'forbidden' });
    expect(await counts()).toEqual(before);
    expect(await accountRow(org.id)).toMatchObject({ status: 'suspended', balance: 0 });
  });

  it('a non-member gets not_found; a signed-out request is unauthenticated', async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const org = await createOrg(owner);
    const before = await counts();
    expect((await pay(stranger, org.id, payInput())).result).toEqual({
      ok: false,
      kind: 'not_found',
    });
    const anonymous = await pay({ principal: null }, org.id, payInput());
    expect(anonymous.result).toEqual({ ok: false, kind: 'unauthenticated' });
    expect(await counts()).toEqual(before);
  });
});

describe('idempotency', () => {
  it('same key + same parameters → the same result, charged once (also for a decline)', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const input = payInput({ amount: '75.00' });
    const first = await pay(owner, org.id, input);
    const again = await pay(owner, org.id, { ...input, cardNumber: '4242424242424242' });
    expectOk(first.result);
    const replay = expectOk(again.result);
    expect(replay.message).toMatch(/charged once/);
    expect(again.creditedPaymentId).toBeNull();
    expect(await paymentsOf(org.id)).toHaveLength(1);
    expect(await ledgerOf(org.id)).toHaveLength(1);
    expect((await accountRow(org.id)).balance).toBe(750_000);
    expect(await emailsTo(org.billingEmail)).toHaveLength(1);
    expect(await auditOf(org.id, 'payment.succeeded')).toHaveLength(1);
    expect(await auditOf(org.id, 'payment.replayed')).toHaveLength(1);

    const declinedInput = payInput(card(TEST_CARDS.declined));
    const d1 = expectOk((await pay(owner, org.id, declinedInput)).result);
    const d2 = expectOk((await pay(owner, org.id, declinedInput)).result);
    expect(d1).toMatchObject({ refused: true });
    expect(d2).toMatchObject({ refused: true, message: d1.message });
    expect(await paymentsOf(org.id)).toHaveLength(2);
    expect((await accountRow(org.id)).balance).toBe(750_000);
  });

  it('same key + different parameters → a clear conflict, nothing written', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const input = payInput({ amount: '75.00' });
    expectOk((await pay(owner, org.id, input)).result);
    const before = await counts();
    for (const change of [
      { amount: '76.00' },
      { cardNumber: '5555 5555 5555 4444' },
      { cardExpiry: '11/30' },
    ]) {
      const { result } = await pay(owner, org.id, { ...input, ...change });
      expect(result).toEqual({
        ok: false,
        kind: 'rejected',
        message: IDEMPOTENCY_CONFLICT_MESSAGE,
      });
    }
    expect(await counts()).toEqual(before);
    expect((await accountRow(org.id)).balance).toBe(750_000);
  });

  it('keys are scoped per account: one key in two accounts makes two payments', async () => {
    const owner = await createUser();
    const a = await createOrg(owner);
    const b = await createOrg(owner);
    const input = payInput({ amount: '20.00' });
    expectOk((await pay(owner, a.id, input)).result);
    expectOk((await pay(owner, b.id, input)).result);
    expect((await accountRow(a.id)).balance).toBe(200_000);
    expect((await accountRow(b.id)).balance).toBe(200_000);
    const [pa] = await paymentsOf(a.id);
    const [pb] = await paymentsOf(b.id);
    expect(pa!.id).not.toBe(pb!.id);
  });

  it('50 parallel submissions with one key credit exactly once', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const input = payInput({ amount: '123.45' });
    const definition = paymentDefinition(testCardProvider);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        executeAccountAction(definition, {
          principal: owner.principal,
          accountId: org.id,
          input,
          ip: IP,
        }),
      ),
    );
    for (const result of results) {
      const outcome = expectOk(result);
      expect(outcome.refused).toBeUndefined();
      expect(outcome.message).toMatch(/Payment received: 123\.45 CHF/);
    }
    expect(await paymentsOf(org.id)).toHaveLength(1);
    expect(await ledgerOf(org.id)).toHaveLength(1);
    expect(await accountRow(org.id)).toMatchObject({ balance: 1_234_500, status: 'active' });
    expect(await auditOf(org.id, 'payment.succeeded')).toHaveLength(1);
    expect(await auditOf(org.id, 'payment.replayed')).toHaveLength(49);
    expect(await auditOf(org.id, 'account.status_changed')).toHaveLength(1);
  });

  it('parallel payments with different keys all credit, and the balance adds up', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay(owner, org.id, payInput({ amount: `${10 + i}` }))),
    );
    results.forEach(({ result }) => expectOk(result));
    const expected = Array.from({ length: 20 }, (_, i) => (10 + i) * 10_000).reduce(
      (a, b) => a + b,
    );
    expect((await accountRow(org.id)).balance).toBe(expected);
    const balances = (await ledgerOf(org.id)).map((e) => e.balanceAfter).sort((a, b) => a - b);
    expect(new Set(balances).size).toBe(20);
    expect(balances.at(-1)).toBe(expected);
  });
});

describe('card data', () => {
  it('only brand and last 4 are stored: no column of any table holds the number or the CVC', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const cvc = '919';
    for (const number of Object.values(TEST_CARDS)) {
      await pay(owner, org.id, payInput({ ...card(number), cardCvc: cvc }));
    }
    // An invalid attempt (bad expiry) must not leave the number anywhere either.
    await pay(owner, org.id, payInput({ cardNumber: '4111111111111111', cardExpiry: '01/01' }));

    const tables = await db.execute<{ table_name: string }>(sql`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`);
    expect(tables.rows.length).toBeGreaterThan(5);
    let scanned = 0;
    for (const { table_name } of tables.rows) {
      const dump = await db.execute<{ row: string }>(
        sql`select t::text as row from ${sql.identifier(table_name)} t`,
      );
      for (const { row } of dump.rows) {
        scanned++;
        for (const number of [...Object.values(TEST_CARDS), '4111111111111111']) {
          expect(row.replace(/[\s-]/g, ''), table_name).not.toContain(number);
          expect(row, table_name).not.toContain(number.replace(/(\d{4})(?=\d)/g, '$1 '));
        }
      }
    }
    expect(scanned).toBeGreaterThan(10);
    // The CVC appears nowhere in the payment rows or the audit metadata.
    const rows = await paymentsOf(org.id);
    expect(rows).toHaveLength(3);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.accountId, org.id));
    for (const value of [...rows.flatMap(Object.values), ...events.map((e) => e.metadata)]) {
      expect(JSON.stringify(value ?? null)).not.toContain(`"${cvc}"`);
    }
  });
});

describe('the ledger', () => {
  it('usage that drains the balance to 0 suspends the account in the same transaction', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    expectOk((await pay(owner, org.id, payInput({ amount: '10.00' }))).result);
    await db.transaction((tx) =>
      postLedgerEntry(tx, {
        accountId: org.id,
        kind: 'usage',
        amount: -99_999,
        description: 'Compute',
      }),
    );
    expect(await accountRow(org.id)).toMatchObject({ status: 'active', balance: 1 });
    const drained = await db.transaction((tx) =>
      postLedgerEntry(tx, { accountId: org.id, kind: 'usage', amount: -1, description: 'Compute' }),
    );
    expect(drained).toMatchObject({ statusChanged: true, entry: { balanceAfter: 0 } });
    expect(await accountRow(org.id)).toMatchObject({ status: 'suspended', balance: 0 });
    const changes = await auditOf(org.id, 'account.status_changed');
    expect(changes.map((c) => c.metadata)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ before: 'suspended', after: 'active' }),
        expect.objectContaining({ before: 'active', after: 'suspended', reason: 'usage' }),
      ]),
    );
  });

  it('refuses non-integer amounts and amounts of the wrong sign; nothing is written', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const before = await counts();
    for (const [kind, amount] of [
      ['usage', 1.5],
      ['usage', 5],
      ['payment', -5],
      ['refund', 5],
      ['adjustment', 0],
      ['payment', Number.NaN],
    ] as const) {
      await expect(
        db.transaction((tx) =>
          postLedgerEntry(tx, { accountId: org.id, kind, amount, description: 'x' }),
        ),
      ).rejects.toThrow(RangeError);
    }
    expect(await counts()).toEqual(before);
  });

  it('concurrent usage and payments keep balance == sum(ledger)', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    await Promise.all([
      ...Array.from({ length: 10 }, () => pay(owner, org.id, payInput({ amount: '10.00' }))),
      ...Array.from({ length: 10 }, () =>
        db.transaction((tx) =>
          postLedgerEntry(tx, { accountId: org.id, kind: 'usage', amount: -3, description: 'x' }),
        ),
      ),
    ]);
    expect((await accountRow(org.id)).balance).toBe(10 * 100_000 - 30);
  });
});
