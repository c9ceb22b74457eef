import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, type Db } from '@/db/client';
import { hashPassword } from '@/lib/auth/password';
import { fund } from '@/lib/resources/test-helpers';
import { issueKey } from '@/test/api';
import {
  createOrganization,
  ownersOf,
  sessionFor,
  signUpUser,
  type TestUser,
} from '@/test/factories';
import { assertInvariants } from '@/test/invariants';
import { API_KEY_PEPPER, AppInstance } from './app';
import { Cluster } from './cluster';
import { api, page, signIn, type KeyPair } from './http';
import { PgBouncer } from './pgbouncer';

// Two `next start` instances over one PostgreSQL, first directly and then through pgbouncer
// in transaction-pooling mode, as a deployment behind a load balancer runs: both start
// together on an empty database (migrations under a transaction lock), a session signed in on
// one works on the other, the per-key API rate limit is one limit across both, the meter's
// cron (pg-boss) runs once per tick whatever the number of instances, and concurrent role
// changes and removals sent through both keep every invariant (an owner always remains).

const PG_PORT = Number(process.env.FAULTS_PG_PORT_2 ?? 6443);
const BOUNCER_PORT = Number(process.env.FAULTS_BOUNCER_PORT ?? 6444);
const APP_PORTS = [3412, 3413] as const;
const RATE_LIMIT = 20;
const PASSWORD = 'faults password 2';

let cluster: Cluster;
let bouncer: PgBouncer;

beforeAll(() => {
  cluster = new Cluster(PG_PORT);
  cluster.init();
  cluster.start();
  bouncer = new PgBouncer(cluster.dir, BOUNCER_PORT, PG_PORT);
  bouncer.start();
  process.env.API_KEY_PEPPER = API_KEY_PEPPER;
}, 120_000);

afterAll(async () => {
  await closeDb();
  bouncer?.stop();
  cluster?.destroy();
});

async function reachable(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

async function user(db: Db, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@faults.test`;
  const { user: row, personalAccountId } = await signUpUser(db, {
    name,
    email,
    passwordHash: await hashPassword(PASSWORD),
    verified: true,
  });
  return { id: row.id, name, email, principal: await sessionFor(db, row), personalAccountId };
}

/** Every owner demotes or removes another, all at once, spread over both instances. */
async function raceOwners(db: Db, instances: AppInstance[], round: number) {
  const owners = await Promise.all([1, 2, 3, 4].map((i) => user(db, `Owner ${round}-${i}`)));
  const [founder, ...others] = owners as [TestUser, ...TestUser[]];
  const org = await createOrganization(
    db,
    founder,
    others.map((o) => [o, 'owner'] as [TestUser, 'owner']),
  );
  const pairs = await Promise.all(owners.map((o) => issueKey(o, org.id)));
  const statuses = await Promise.all(
    owners.map(async (_, i) => {
      const target = owners[(i + 1) % owners.length]!;
      const via = instances[i % instances.length]!;
      const pair = pairs[i]!;
      const response =
        i % 2 === 0
          ? await api(via.origin, pair, 'PATCH', `/members/${target.id}`, { role: 'tech' })
          : await api(via.origin, pair, 'DELETE', `/members/${target.id}`);
      await response.text();
      return response.status;
    }),
  );
  expect(statuses.filter((s) => ![200, 204, 401, 403, 404, 409, 422].includes(s))).toEqual([]);
  expect((await ownersOf(db, org.id)).length).toBeGreaterThanOrEqual(1);
  return statuses;
}

async function scenario(label: string, appUrl: string, directUrl: string) {
  const logDir = cluster.dir;
  const instances = APP_PORTS.map(
    (port) =>
      new AppInstance(
        port,
        {
          DATABASE_URL: appUrl,
          METER_INTERVAL_SECONDS: '60',
          API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
          DATABASE_POOL_MAX: '5',
        },
        logDir,
      ),
  );
  const startedAt = new Date();
  try {
    // Both at once, on an empty database: each applies the migrations at start.
    await Promise.all(instances.map((i) => i.start()));
    const [a, b] = instances as [AppInstance, AppInstance];
    process.env.DATABASE_URL = directUrl;
    await closeDb();
    const db = await getDb();

    // A session signed in on A is a session on B.
    const alice = await user(db, `Alice ${label}`);
    const jar = await signIn(a.origin, alice.email, PASSWORD);
    const onB = await page(b.origin, `/a/${alice.personalAccountId}`, jar);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(alice.name);

    // One key's limit is one limit, however the requests are spread.
    const org = await createOrganization(db, alice, [], { name: `Limits ${label}` });
    await fund(db, org.id, 100 * 10_000);
    const pair: KeyPair = await issueKey(alice, org.id);
    const statuses = await Promise.all(
      Array.from({ length: RATE_LIMIT + 8 }, async (_, i) => {
        const response = await api(instances[i % 2]!.origin, pair, 'GET', '/account');
        await response.text();
        return response.status;
      }),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);

    // Owners racing each other through both instances.
    for (let round = 0; round < 3; round++) await raceOwners(db, instances, round);

    // The meter's cron: at least one tick ran since the instances started, each tick once.
    let ticks: Array<{ minute: Date; runs: number; completed: number }> = [];
    const deadline = Date.now() + 150_000;
    for (;;) {
      const result = await db.execute<{ minute: Date; runs: number; completed: number }>(sql`
        select date_trunc('minute', created_on) as minute, count(*)::int as runs,
               count(*) filter (where state = 'completed')::int as completed
        from pgboss.job where name = 'meter' and created_on >= ${startedAt.toISOString()}
        group by 1 order by 1`);
      ticks = result.rows;
      if (ticks.some((t) => t.completed > 0) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(
      ticks.some((t) => t.completed > 0),
      'a meter run completed',
    ).toBe(true);
    expect(ticks.filter((t) => t.runs > 1)).toEqual([]);

    await assertInvariants(db, `with two instances (${label})`);
    console.info(`[faults] ${label}: meter ticks ${JSON.stringify(ticks)}`);
  } catch (error) {
    for (const i of instances) console.error(`--- ${i.origin} ---\n${i.tail()}`);
    throw error;
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
}

describe('two instances over one PostgreSQL', () => {
  it('directly: shared sessions, one rate limit, one meter run per tick, owners kept', async () => {
    cluster.createDatabase('alp_faults_direct');
    await scenario(
      'direct',
      cluster.urlOf('alp_faults_direct'),
      cluster.urlOf('alp_faults_direct'),
    );
  });

  it('through pgbouncer in transaction mode: the same', async () => {
    cluster.createDatabase('alp_faults_pooled');
    await reachable(bouncer.urlOf('alp_faults_pooled'));
    await scenario(
      'pgbouncer',
      bouncer.urlOf('alp_faults_pooled'),
      cluster.urlOf('alp_faults_pooled'),
    );
  });
});
