import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, type Db } from '@/db/client';
import { payments } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { fund } from '@/lib/resources/test-helpers';
import { issueKey } from '@/test/api';
import { createOrganization, signUpUser, type TestUser, sessionFor } from '@/test/factories';
import { assertInvariants } from '@/test/invariants';
import { API_KEY_PEPPER, AppInstance } from './app';
import { Cluster } from './cluster';
import { api, paymentBody, signIn, type KeyPair } from './http';
import { KINDS, LEAKS, startLoad, waitFor, type Sample } from './load';

// PostgreSQL stopped and started again under a mixed load of pages, API reads and writes (payments, account edits),
// against `next start` of the production build: while it is down every request gets a clear
// 503 "try again" (HTML page or the API's error body, never a stack trace or Next's 500 page),
// the same process serves again within 5 s of the database returning, a payment answered 503
// pays exactly once when retried with its key, and every invariant holds afterwards.

const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 6441);
const APP_PORT = Number(process.env.FAULTS_APP_PORT ?? 3411);
const RECOVERY_MS = 5_000;
const PASSWORD = 'faults password 1';

let cluster: Cluster;
let app: AppInstance;
let db: Db;
let owner: TestUser;
let orgId: string;
let pair: KeyPair;

beforeAll(async () => {
  cluster = new Cluster(PG_PORT);
  cluster.init();
  cluster.start();
  cluster.createDatabase('alp_faults_outage');
  process.env.DATABASE_URL = cluster.urlOf('alp_faults_outage');
  process.env.API_KEY_PEPPER = API_KEY_PEPPER;
  await closeDb();
  db = await getDb();
  const signedUp = await signUpUser(db, {
    name: 'Olga Outage',
    email: 'olga@faults.test',
    passwordHash: await hashPassword(PASSWORD),
    verified: true,
  });
  owner = {
    id: signedUp.user.id,
    name: signedUp.user.name,
    email: signedUp.user.email,
    principal: await sessionFor(db, signedUp.user),
    personalAccountId: signedUp.personalAccountId,
  };
  const org = await createOrganization(db, owner, [], { name: 'Outage Org' });
  orgId = org.id;
  await fund(db, orgId, 1_000 * 10_000);
  pair = await issueKey(owner, orgId);
  app = new AppInstance(APP_PORT, { DATABASE_URL: process.env.DATABASE_URL }, cluster.dir);
  await app.start();
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await closeDb();
  cluster?.destroy();
});

const during = (samples: Sample[], from: number, to: number) =>
  samples.filter((s) => s.started >= from && s.ended <= to);
const ok = (s: Sample) => s.status === 200 || s.status === 201;

describe('PostgreSQL stopped and restarted under load', () => {
  it('answers 503 while it is down, recovers within 5 s, pays once, keeps every invariant', async () => {
    const jar = await signIn(app.origin, owner.email, PASSWORD);
    const load = startLoad({ origin: app.origin, accountId: orgId, jar, pair, payments: 0 });
    const { samples } = load;
    const count = (pred: (s: Sample) => boolean) => samples.filter(pred).length;
    let stoppedAt = 0;
    let upAt = 0;
    try {
      await waitFor(
        'a warm app',
        () => KINDS.every((k) => count((s) => s.kind === k && ok(s)) >= 4),
        120_000,
      );
      cluster.stop();
      stoppedAt = Date.now();
      await waitFor(
        'answers of every kind during the outage',
        () => KINDS.every((k) => count((s) => s.kind === k && s.started >= stoppedAt) >= 5),
        60_000,
      );
      cluster.start();
      upAt = Date.now();
      await waitFor(
        'answers of every kind after the restart',
        () =>
          KINDS.every((k) => count((s) => s.kind === k && s.started >= upAt + RECOVERY_MS) >= 2),
        120_000,
      );
    } finally {
      await load.stop();
      if (!cluster.isRunning()) cluster.start();
    }

    // Never a 500, a stack trace or a driver's message, before, during or after.
    const leaks = samples.filter((s) => LEAKS.some((re) => re.test(s.body)));
    expect(leaks.map((s) => `${s.kind} ${s.status}: ${s.body.slice(0, 300)}`)).toEqual([]);
    expect(
      samples
        .filter((s) => ![200, 201, 503].includes(s.status))
        .map((s) => `${s.kind} ${s.status}`),
    ).toEqual([]);

    // Down: every request that started and ended within the outage got the clear 503.
    const outage = during(samples, stoppedAt, upAt);
    expect(outage.length).toBeGreaterThanOrEqual(KINDS.length * 5);
    for (const s of outage) {
      expect({ kind: s.kind, status: s.status }).toEqual({ kind: s.kind, status: 503 });
      expect(s.retryAfter).toBe('5');
      if (s.kind.startsWith('api')) {
        expect(JSON.parse(s.body)).toEqual({
          error: { code: 'unavailable', message: expect.stringMatching(/temporarily unavailable/) },
        });
      } else {
        expect(s.contentType).toContain('text/html');
        expect(s.body).toMatch(/Temporarily unavailable/);
        expect(s.body).toMatch(/Try again/);
      }
    }

    // Back: each kind succeeds within 5 s of the database accepting connections, and from
    // then on every request does.
    for (const kind of KINDS) {
      const first = samples.find((s) => s.kind === kind && s.started >= upAt && ok(s));
      expect(first, `a ${kind} success after the restart`).toBeDefined();
      expect(first!.ended - upAt, `${kind} recovery`).toBeLessThanOrEqual(RECOVERY_MS);
    }
    const late = samples.filter((s) => s.started >= upAt + RECOVERY_MS);
    expect(late.filter((s) => !ok(s)).map((s) => `${s.kind} ${s.status}`)).toEqual([]);
    console.info(
      `[faults] ${samples.length} requests; ${outage.length} during the outage (all 503); ` +
        KINDS.map((k) => {
          const first = samples.find((s) => s.kind === k && s.started >= upAt && ok(s));
          return `${k} back after ${first ? first.ended - upAt : '?'} ms`;
        }).join(', '),
    );

    // A payment that got a 503 is retried with its key: it pays once, whatever happened.
    const refused = samples.filter((s) => s.key && s.status === 503);
    const paidKeys = new Set(samples.filter((s) => s.key && s.status === 201).map((s) => s.key));
    for (const s of refused) {
      let status = 0;
      for (let attempt = 0; attempt < 120; attempt++) {
        const retry = await api(app.origin, pair, 'POST', '/payments', paymentBody(), {
          'idempotency-key': s.key!,
        });
        status = retry.status;
        await retry.text();
        if (status !== 409) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000)); // an abandoned claim's lease
      }
      expect(status, `retry of ${s.key}`).toBe(201);
      paidKeys.add(s.key);
    }
    const [row] = await db
      .select({ succeeded: sql<number>`count(*)::int` })
      .from(payments)
      .where(and(eq(payments.accountId, orgId), eq(payments.status, 'succeeded')));
    expect(row?.succeeded).toBe(paidKeys.size);
    await assertInvariants(db, 'after the outage');
  }, 600_000);
});
