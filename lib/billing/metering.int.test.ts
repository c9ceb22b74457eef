import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { accounts, ledgerEntries, usageRecords } from '@/db/schema';
import { executeAccountAction } from '@/lib/actions/core';
import type { ManualClock } from '@/lib/clock';
import { stopInstanceDefinition } from '@/lib/resources/actions';
import { instanceType, stoppedRate } from '@/lib/resources/catalog';
import {
  emailsTo,
  fund,
  HOUR,
  installClock,
  withClockedTests,
  instanceRow,
  newBucket,
  newInstance,
} from '@/lib/resources/test-helpers';
import { runSettle } from '@/lib/resources/settle';
import { createTeam, expectOk } from '@/test/factories';
import { meterTick } from '@/lib/jobs/tick';
import { runMeter } from './metering';

let db: Db;
let clock: ManualClock;

withClockedTests((database, manual) => {
  db = database;
  clock = manual;
});

const small = instanceType('small')!;
const CHF = 10_000;

async function usageEntries(accountId: string) {
  return db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, 'usage')));
}

async function balanceOf(accountId: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  return row!;
}

describe('the meter', () => {
  it('charges exactly the hourly rate for N simulated hours, as one entry per account', async () => {
    const { org, users } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    await fund(db, org.id, 100 * CHF);
    const tech = users[1];
    await newInstance(db, tech, org, { name: 'a', type: 'small' });
    await newInstance(db, tech, org, { name: 'b', type: 'small' });
    await newBucket(db, tech, org, `bucket-${org.id.slice(0, 8)}`);

    clock.advance(10 * HOUR);
    const run = await runMeter(db, clock.now());
    expect(run.accounts).toBe(1);
    const entries = await usageEntries(org.id);
    expect(entries).toHaveLength(1);
    // 2 × small for 10 h (starting counts as running) + 1 bucket for 10 h.
    const expected = 2 * small.hourlyRate * 10 + 20 * 10;
    expect(entries[0]!.amount).toBe(-expected);
    expect((await balanceOf(org.id)).balance).toBe(100 * CHF - expected);

    // A second run at the same instant finds nothing left to charge.
    const again = await runMeter(db, clock.now());
    expect(again).toMatchObject({ accounts: 0, charged: 0 });
    expect(await usageEntries(org.id)).toHaveLength(1);
  });

  it('charges a stopped instance only its disk, from the moment it stopped', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    await fund(db, org.id, 100 * CHF);
    const owner = users[0];
    const instance = await newInstance(db, owner, org, { type: 'small' });
    clock.advance(2 * HOUR);
    await runSettle(db, clock.now());
    expectOk(
      await executeAccountAction(stopInstanceDefinition, {
        principal: owner.principal,
        accountId: org.id,
        input: { instanceId: instance.id },
        ip: null,
      }),
    );
    // Settles 4 s later (at the running rate until then), then 3 h stopped.
    clock.advance(3 * HOUR);
    await meterTick(db, clock.now());
    expect((await instanceRow(db, org.id, instance.id)).state).toBe('stopped');
    const total = -(await usageEntries(org.id)).reduce((s, e) => s + e.amount, 0);
    const runningMs = 2 * HOUR + 4_000;
    const stoppedMs = 3 * HOUR - 4_000;
    // One remainder is carried across the change of rate: the total is one floor.
    const expected = Math.floor(
      (small.hourlyRate * runningMs + stoppedRate(small) * stoppedMs) / HOUR,
    );
    expect(total).toBe(expected);
    const usage = await db.select().from(usageRecords).where(eq(usageRecords.accountId, org.id));
    const byKind = Object.fromEntries(usage.map((u) => [u.kind, u.quantityMs]));
    expect(byKind).toEqual({ instance_running: runningMs, instance_stopped: stoppedMs });
  });

  it('records usage per UTC day, split at midnight, adding up to the charge', async () => {
    clock = installClock(new Date('2026-11-10T20:00:00.000Z'));
    const { org, users } = await createTeam(db, 'Owner');
    await fund(db, org.id, 100 * CHF);
    await newInstance(db, users[0], org, { type: 'large' });
    clock.advance(30 * HOUR); // 4 h on the 10th, 24 h on the 11th, 2 h on the 12th
    await runMeter(db, clock.now());
    const usage = await db
      .select()
      .from(usageRecords)
      .where(eq(usageRecords.accountId, org.id))
      .orderBy(usageRecords.day);
    expect(usage.map((u) => [u.day, u.quantityMs / HOUR])).toEqual([
      ['2026-11-10', 4],
      ['2026-11-11', 24],
      ['2026-11-12', 2],
    ]);
    const charged = -(await usageEntries(org.id))[0]!.amount;
    expect(usage.reduce((s, u) => s + u.amount, 0)).toBe(charged);
    expect(charged).toBe(instanceType('large')!.hourlyRate * 30);
  });

  it('suspends at 0, stops the instances, and emails Owners and Admins once', async () => {
    const { org, users } = await createTeam(db, 'Owner', ['Admin', 'admin'], ['Tech', 'tech']);
    const [owner, admin, tech] = users;
    await fund(db, org.id, 20 * CHF);
    const instance = await newInstance(db, tech, org, { type: 'xlarge' }); // 0.20 CHF/h
    // 20 CHF lasts 100 h; the warning threshold (15 CHF) is crossed after 25 h.
    clock.advance(24 * HOUR);
    await runMeter(db, clock.now());
    expect(await emailsTo(db, owner.email)).toHaveLength(0);
    clock.advance(2 * HOUR);
    const warned = await runMeter(db, clock.now());
    expect(warned.warned).toEqual([org.id]);
    for (const who of [owner, admin]) {
      const mail = await emailsTo(db, who.email);
      expect(mail.map((m) => m.subject)).toEqual([`${org.name} is running low on funds`]);
    }
    expect(await emailsTo(db, tech.email)).toHaveLength(0);
    clock.advance(10 * HOUR);
    await runMeter(db, clock.now()); // still low: no second warning
    expect(await emailsTo(db, owner.email)).toHaveLength(1);

    clock.advance(80 * HOUR);
    const drained = await runMeter(db, clock.now());
    expect(drained.suspended).toEqual([org.id]);
    const account = await balanceOf(org.id);
    expect(account.status).toBe('suspended');
    expect(account.balance).toBe(20 * CHF - 116 * 2_000);
    expect((await instanceRow(db, org.id, instance.id)).state).toBe('stopped');
    for (const who of [owner, admin]) {
      const subjects = (await emailsTo(db, who.email)).map((m) => m.subject).sort();
      expect(subjects).toEqual([`${org.name} is running low on funds`, `${org.name} is suspended`]);
    }
    clock.advance(HOUR);
    await runMeter(db, clock.now()); // the disk is still charged; no new email
    expect(await emailsTo(db, owner.email)).toHaveLength(2);

    // A payment reactivates the account; the instance stays stopped; the warning re-arms.
    await fund(db, org.id, 100 * CHF);
    expect((await balanceOf(org.id)).status).toBe('active');
    expect((await instanceRow(db, org.id, instance.id)).state).toBe('stopped');
    expect((await balanceOf(org.id)).lowBalanceWarned).toBe(false);
  });

  it('carries sub-unit remainders: 1,000 short runs charge price × time to 1 unit', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    await fund(db, org.id, 100 * CHF);
    const instance = await newInstance(db, users[0], org, { type: 'micro' }); // 100 units/h
    let elapsed = 0;
    for (let i = 0; i < 1_000; i++) {
      const step = 1_000 + ((i * 7_919) % 5_000); // 1–6 s, each run worth < 1 unit
      elapsed += step;
      clock.advance(step);
      await runMeter(db, clock.now());
    }
    const charged = (await usageEntries(org.id)).reduce((s, e) => s - e.amount, 0);
    const exact = (instance.runningRate * elapsed) / HOUR;
    expect(charged).toBe(Math.floor(exact));
    expect(exact - charged).toBeLessThan(1);
    const rows = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from usage_records where account_id = ${org.id}`,
    );
    expect(Number(rows.rows[0]?.n)).toBe(1); // one row per resource and day, however many runs
  }, 180_000);

  it('charges floor(rate × time) for any split of the time into runs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('micro', 'small', 'large'),
        fc.array(fc.integer({ min: 1, max: 2 * HOUR }), { minLength: 1, maxLength: 12 }),
        async (type, steps) => {
          const { org, users } = await createTeam(db, 'Owner');
          await fund(db, org.id, 1_000 * CHF);
          const instance = await newInstance(db, users[0], org, { type });
          for (const step of steps) {
            clock.advance(step);
            await runMeter(db, clock.now());
          }
          const charged = (await usageEntries(org.id)).reduce((s, e) => s - e.amount, 0);
          const total = steps.reduce((s, step) => s + step, 0);
          expect(charged).toBe(Math.floor((instance.runningRate * total) / HOUR));
        },
      ),
      { numRuns: 8 },
    );
  }, 180_000);
});
