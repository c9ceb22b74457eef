// The benchmark's data set: the demo seed (through the domain functions, with the user in 500
// organizations) plus, in set-based SQL, an organization of 10,000 members, one with 1,000,000
// audit events, a small one whose roles the mutating case changes, and 10,000 instances across
// 1,000 organizations of one owner. Seeding is skipped when the database already holds this
// data set (same SEED_VERSION).
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { DEMO_USERS, seed } from '@/scripts/seed';

/** Bump when the data set changes: a database seeded by another version is rebuilt. */
export const SEED_VERSION = 'bench-seed-2';

export const BENCH_IDS = {
  /** 10,000 members + the owner (alice). */
  members: 'be000000-0000-4000-8000-000000000001',
  /** 1,000,000 audit events, 20 actors; alice owns it. */
  audit: 'be000000-0000-4000-8000-000000000002',
  /** Alice + ROLE_MEMBERS tech members whose roles the role-change case flips. */
  roles: 'be000000-0000-4000-8000-000000000003',
  /** The first of INSTANCE_ACCOUNTS organizations of INSTANCE_OWNER, INSTANCES_PER_ACCOUNT each. */
  instances: 'be000000-0000-4000-8000-000000000004',
} as const;

/** Owns the organizations that hold the instances (alice's menus stay as they were). */
export const INSTANCE_OWNER = { name: 'Ines Instances', email: 'instances@bench.example' };

export const MEMBER_COUNT = Number(process.env.BENCH_MEMBERS ?? 10_000);
export const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
export const ROLE_MEMBERS = 32;
export const INSTANCE_ACCOUNTS = Number(process.env.BENCH_INSTANCE_ACCOUNTS ?? 1_000);
export const INSTANCES_PER_ACCOUNT = 10;

/** The actions the audit data sets spread their events over. */
export const AUDIT_ACTIONS = [
  'account.details_updated',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'member.role_changed',
  'member.removed',
  'member.left',
  'payment.succeeded',
  'payment.failed',
  'account.status_changed',
];

export interface SeedExtension {
  /** Printed while seeding. */
  name: string;
  run: (db: Db) => Promise<void>;
}

/** The data set version a database holds (null when none, or an interrupted seed). */
export async function seededVersion(query: (text: string) => Promise<unknown[]>) {
  const rows = (await query(
    `select billing_name as name from accounts where id = '${BENCH_IDS.audit}'`,
  )) as Array<{ name: string }>;
  return rows[0]?.name ?? null;
}

async function timed(label: string, fn: () => Promise<unknown>) {
  const started = performance.now();
  await fn();
  console.log(`[bench] seed: ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Users `prefix1…prefixN` with their personal accounts, members of `accountId`. */
async function addMembers(
  db: Db,
  accountId: string,
  prefix: string,
  count: number,
  role: 'mixed' | 'tech' | 'admin',
) {
  const roleOf =
    role === 'mixed'
      ? sql`(array['owner','tech','admin']::member_role[])[1 + (random() * 2)::int]`
      : sql`${role}::member_role`;
  await db.execute(sql`
    with people as (
      insert into users (name, email, email_verified, password_hash)
      select ${prefix} || ' ' || lpad(n::text, 5, '0'), lower(${prefix}) || n || '@bench.example',
             now(), 'x'
        from generate_series(1, ${count}::int) as n
      returning id, name, email
    ), personal as (
      insert into accounts (kind, name, personal_owner_id, billing_name, billing_email)
      select 'personal', name, id, name, email from people
      returning id, personal_owner_id
    ), own as (
      insert into memberships (account_id, user_id, role)
      select id, personal_owner_id, 'owner' from personal
    )
    insert into memberships (account_id, user_id, role)
    select ${accountId}::uuid, id, ${roleOf} from people`);
}

async function addOrganization(db: Db, id: string, name: string, ownerId: string) {
  await db.execute(sql`
    insert into accounts (id, kind, name, status, billing_name, billing_email)
    values (${id}, 'organization', ${name}, 'suspended', ${name}, 'bench@bench.example')`);
  await db.execute(sql`
    insert into memberships (account_id, user_id, role) values (${id}, ${ownerId}, 'owner')`);
}

async function addAuditEvents(db: Db, accountId: string, total: number) {
  const actors = await db.execute<{ id: string }>(sql`
    select user_id as id from memberships where account_id = ${accountId} order by user_id`);
  const actorIds = actors.rows.map((r) => r.id);
  const actorArray = `{${actorIds.join(',')}}`;
  const actionArray = `{${AUDIT_ACTIONS.join(',')}}`;
  for (let done = 0; done < total; done += 250_000) {
    const count = Math.min(250_000, total - done);
    await db.execute(sql`
      insert into audit_events (account_id, actor_user_id, action, target_type, target_id,
                                metadata, ip, created_at)
      select ${accountId}::uuid,
             (${actorArray}::uuid[])[1 + (g % ${actorIds.length})],
             (${actionArray}::text[])[1 + ((g / 7) % ${AUDIT_ACTIONS.length})],
             'user', g::text, jsonb_build_object('role', 'admin'), '203.0.113.' || (g % 250),
             timestamptz '2026-01-01 00:00:00+00' + ((g / 3) * interval '1 second')
        from generate_series(${done + 1}::int, ${done + count}::int) g`);
  }
}

/**
 * INSTANCE_ACCOUNTS organizations owned by INSTANCE_OWNER (the first is BENCH_IDS.instances),
 * each with INSTANCES_PER_ACCOUNT stopped instances: a suspended account holds no running
 * ones, so the meter only accrues their disk rate, as it would in production.
 */
async function addInstances(db: Db) {
  await db.execute(sql`
    with owner as (
      insert into users (name, email, email_verified, password_hash)
      values (${INSTANCE_OWNER.name}, ${INSTANCE_OWNER.email}, now(), 'x')
      returning id
    ), personal as (
      insert into accounts (kind, name, personal_owner_id, billing_name, billing_email)
      select 'personal', ${INSTANCE_OWNER.name}, id, ${INSTANCE_OWNER.name}, ${INSTANCE_OWNER.email}
        from owner
      returning id, personal_owner_id
    ), own as (
      insert into memberships (account_id, user_id, role)
      select id, personal_owner_id, 'owner' from personal
    ), orgs as (
      insert into accounts (id, kind, name, status, billing_name, billing_email)
      select case when n = 1 then ${BENCH_IDS.instances}::uuid else gen_random_uuid() end,
             'organization', 'Instances Org ' || lpad(n::text, 4, '0'), 'suspended',
             'Instances Org ' || n, ${INSTANCE_OWNER.email}
        from generate_series(1, ${INSTANCE_ACCOUNTS}::int) n
      returning id
    ), owners as (
      insert into memberships (account_id, user_id, role)
      select orgs.id, owner.id, 'owner' from orgs, owner
    )
    insert into instances (account_id, name, type, zone, state, running_rate, stopped_rate,
                           metered_until, created_by_user_id, created_at)
    select orgs.id, 'vm-' || lpad(k::text, 2, '0'), 'small', 'ch-gva-2', 'stopped', 250, 25,
           now(), owner.id, now() - k * interval '1 hour'
      from orgs, owner, generate_series(1, ${INSTANCES_PER_ACCOUNT}::int) k`);
}

/**
 * Opens (and migrates) the database at `url` and seeds the benchmark data set unless it is
 * already there (the caller hands over an empty database otherwise). Returns the seconds spent.
 */
export async function seedBench(url: string, extensions: SeedExtension[]): Promise<number> {
  const started = performance.now();
  const handle = await openDatabase({ url });
  const db = handle.db;
  try {
    const version = await seededVersion(async (text) => (await db.execute(sql.raw(text))).rows);
    if (version === SEED_VERSION) {
      console.log(`[bench] data set ${SEED_VERSION} already seeded: reusing it`);
      return 0;
    }
    await timed('demo data + a user in 500 organizations (domain functions)', () =>
      seed(db, { manyOrgs: true }),
    );
    const alice = await db.execute<{ id: string }>(
      sql`select id from users where email = ${DEMO_USERS[0].email}`,
    );
    const aliceId = alice.rows[0]!.id;
    await timed(`organization with ${MEMBER_COUNT.toLocaleString('en')} members`, async () => {
      await addOrganization(db, BENCH_IDS.members, 'Bench Members Org', aliceId);
      await addMembers(db, BENCH_IDS.members, 'Member', MEMBER_COUNT, 'mixed');
    });
    await timed(`${AUDIT_EVENTS.toLocaleString('en')} audit events`, async () => {
      await addOrganization(db, BENCH_IDS.audit, 'Bench Audit Org', aliceId);
      await addMembers(db, BENCH_IDS.audit, 'Actor', 19, 'admin');
      await addAuditEvents(db, BENCH_IDS.audit, AUDIT_EVENTS);
    });
    await timed(`organization with ${ROLE_MEMBERS} members for role changes`, async () => {
      await addOrganization(db, BENCH_IDS.roles, 'Bench Roles Org', aliceId);
      await addMembers(db, BENCH_IDS.roles, 'Roler', ROLE_MEMBERS, 'tech');
    });
    const instanceCount = INSTANCE_ACCOUNTS * INSTANCES_PER_ACCOUNT;
    await timed(
      `${instanceCount.toLocaleString('en')} instances across ${INSTANCE_ACCOUNTS} organizations`,
      () => addInstances(db),
    );
    for (const extension of extensions) await timed(extension.name, () => extension.run(db));
    await timed('analyze', () => db.execute(sql`analyze`));
    // Written last: an interrupted seed is not mistaken for a complete one.
    await db.execute(
      sql`update accounts set billing_name = ${SEED_VERSION} where id = ${BENCH_IDS.audit}`,
    );
    return (performance.now() - started) / 1000;
  } finally {
    await handle.close();
  }
}
