// `npm run bench`: prints figures for the speed targets (no pass/fail timing in tests).
// The account menu / Organizations list for a user in 500 organizations, and the audit log
// at 1,000,000 events (BENCH_AUDIT_EVENTS overrides the count; 0 skips that section).
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { closeDb, getDatabase, type Db } from '@/db/client';
import { users } from '@/db/schema';
import { AUDIT_ACTIONS } from '@/bench/seed';
import { MANY_ORGS_USER, seed } from '@/scripts/seed';
import { listUserAccounts } from '@/lib/accounts/queries';
import { listMembers } from '@/lib/members/members';
import {
  listAuditActions,
  listAuditActors,
  listAuditEvents,
  type AuditPage,
} from '@/lib/audit/queries';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  if (!process.env.DATABASE_URL) process.env.PGLITE_DATA_DIR = 'memory://';
  const { db, driver } = await getDatabase();
  try {
    await seed(db, { manyOrgs: true });
    await db.execute(sql`analyze`);
    const [user] = await db.select().from(users).where(eq(users.email, MANY_ORGS_USER.email));
    if (!user) throw new Error('seed did not create the many-organizations user');

    for (let i = 0; i < 20; i++) await listUserAccounts(db, user.id); // warm-up
    const runs = 200;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      rows = (await listUserAccounts(db, user.id)).length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const plan = await db.execute<{ 'QUERY PLAN': string }>(
      sql`explain select a.id from memberships m join accounts a on a.id = m.account_id where m.user_id = ${user.id}`,
    );
    console.log(`driver: ${driver}`);
    console.log(`account menu for a user in ${rows - 1} organizations (+ personal), ${runs} runs:`);
    console.log(
      `  p50 ${percentile(times, 50).toFixed(2)} ms · p95 ${percentile(times, 95).toFixed(2)} ms · max ${times[times.length - 1]!.toFixed(2)} ms`,
    );
    console.log('  plan:');
    for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);

    await membersBench(db, Number(process.env.BENCH_MEMBERS ?? 10_000));

    const auditEvents = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
    if (auditEvents > 0) await auditLogBench(db, auditEvents);
  } finally {
    await closeDb();
  }
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 50).toFixed(2)} ms · p95 ${percentile(times, 95).toFixed(2)} ms`;
}

/** The Users page of an organization with `count` members: first page, deep page, searches. */
async function membersBench(db: Db, count: number) {
  const started = performance.now();
  const [org] = await db
    .execute<{ id: string }>(
      sql`
    insert into accounts (kind, name, status) values ('organization', 'Bench Members Org', 'suspended')
    returning id`,
    )
    .then((r) => r.rows);
  if (!org) throw new Error('no organization');
  await db.execute(sql`
    with people as (
      insert into users (name, email, email_verified, password_hash)
      select 'Bench Person ' || lpad(n::text, 5, '0'), 'bench' || n || '@members.example', now(), 'x'
      from generate_series(1, ${count}) as n
      returning id
    )
    insert into memberships (account_id, user_id, role)
    select ${org.id}, id, (array['owner','tech','admin']::member_role[])[1 + (random() * 2)::int]
    from people`);
  await db.execute(sql`analyze`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\nUsers page of an organization with ${count} members (setup ${seconds} s), 50 runs:`,
  );
  const pages = Math.ceil(count / 50);
  console.log(
    `  first page           ${await timed(50, () => listMembers(db, org.id, { page: 1 }))}`,
  );
  console.log(
    `  last page (${pages})     ${await timed(50, () => listMembers(db, org.id, { page: pages }))}`,
  );
  console.log(
    `  search by name       ${await timed(50, () => listMembers(db, org.id, { query: 'Person 0424' }))}`,
  );
  console.log(
    `  search by email      ${await timed(50, () => listMembers(db, org.id, { query: 'bench99' }))}`,
  );
}

/**
 * The audit log at scale: `total` events for one organization (20 actors, 10 actions,
 * three events per timestamp so ties on created_at are exercised) plus 50,000 for another.
 */
async function auditLogBench(db: Db, total: number) {
  const started = performance.now();
  const data = await seedAuditEvents(db, total);
  const setupSeconds = (performance.now() - started) / 1000;
  const runs = 50;
  const deepCursor = await deepAuditCursor(db, data.big, total);
  console.log(
    `audit log: ${total.toLocaleString('en')} events in one organization (+50,000 in another), ` +
      `set up in ${setupSeconds.toFixed(1)} s; ${runs} runs each, 50 rows per page:`,
  );
  for (const [label, fn] of auditCases(db, data, deepCursor)) {
    console.log(`  ${label.padEnd(28)} ${await timed(runs, fn)}`);
  }
  await explainAuditPlans(db, data, deepCursor);
}

interface AuditBenchData {
  big: string;
  /** An actor with no 'member.removed' event (the worst case for two filters). */
  someActor: string;
  /** An actor with some 'member.removed' events. */
  removerActor: string;
}

/** Two organizations, 20 actors (members of the big one) and the events, in set-based SQL. */
async function seedAuditEvents(db: Db, total: number): Promise<AuditBenchData> {
  const actorCount = 20;
  const [big, other] = (await Promise.all(
    ['Audit Bench Org', 'Audit Bench Neighbour'].map(async (name) => {
      const rows = await db.execute<{ id: string }>(
        sql`insert into accounts (kind, name) values ('organization', ${name}) returning id`,
      );
      return rows.rows[0]!.id;
    }),
  )) as [string, string];
  const actorRows = await db.execute<{ id: string }>(sql`
    insert into users (name, email, email_verified)
    select 'Bench Actor ' || g, 'bench-actor-' || g || '@example.test', now()
      from generate_series(1, ${actorCount}) g
    returning id`);
  const actorIds = actorRows.rows.map((r) => r.id);
  await db.execute(sql`
    insert into memberships (account_id, user_id, role)
    select ${big}::uuid, id, 'admin' from users where email like 'bench-actor-%'`);
  const insertEvents = (accountId: string, count: number) =>
    db.execute(sql`
      insert into audit_events (account_id, actor_user_id, action, target_type, target_id,
                                metadata, ip, created_at)
      select ${accountId}::uuid,
             (${`{${actorIds.join(',')}}`}::uuid[])[1 + (g % ${actorCount})],
             (${`{${AUDIT_ACTIONS.join(',')}}`}::text[])[1 + ((g / 7) % ${AUDIT_ACTIONS.length})],
             'user', g::text, jsonb_build_object('role', 'admin'), '203.0.113.' || (g % 250),
             timestamptz '2026-01-01 00:00:00+00' + ((g / 3) * interval '1 second')
        from generate_series(1, ${count}) g`);
  for (let done = 0; done < total; done += 250_000) {
    await insertEvents(big, Math.min(250_000, total - done));
  }
  await insertEvents(other, 50_000);
  await db.execute(sql`analyze audit_events`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze memberships`);
  // With this data, actor 0 did some 'member.removed' events and actor 3 did none.
  return { big, someActor: actorIds[3]!, removerActor: actorIds[0]! };
}

/** A cursor about 90% of the way down (a deep page), found once by walking the index. */
async function deepAuditCursor(db: Db, accountId: string, total: number) {
  const deep = await db.execute<{ created_at: string; id: string }>(sql`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at, id
      from audit_events where account_id = ${accountId}
     order by created_at desc nulls last, id desc nulls last offset ${Math.floor(total * 0.9)} limit 1`);
  const deepRow = deep.rows[0];
  if (!deepRow) throw new Error('no deep row');
  return { createdAt: deepRow.created_at, id: deepRow.id };
}

type AuditCursor = Awaited<ReturnType<typeof deepAuditCursor>>;

function auditCases(
  db: Db,
  { big, someActor, removerActor }: AuditBenchData,
  deepCursor: AuditCursor,
): Array<[string, () => Promise<unknown>]> {
  let first: AuditPage | undefined;
  const list = (filters: Parameters<typeof listAuditEvents>[2]) => () =>
    listAuditEvents(db, big, filters);
  return [
    ['first page', async () => (first = await listAuditEvents(db, big, {}))],
    ['next page (cursor)', () => listAuditEvents(db, big, { before: first!.nextCursor! })],
    ['deep page (90%)', list({ before: deepCursor })],
    ['newer page (after cursor)', list({ after: deepCursor })],
    ['action filter', list({ action: 'member.role_changed' })],
    ['action filter, deep', list({ action: 'member.role_changed', before: deepCursor })],
    ['actor filter', list({ actorUserId: someActor })],
    ['actor filter, deep', list({ actorUserId: someActor, before: deepCursor })],
    ['action + actor (matches)', list({ action: 'member.removed', actorUserId: removerActor })],
    ['action + actor (no match)', list({ action: 'member.removed', actorUserId: someActor })],
    ['filter options: actions', () => listAuditActions(db, big)],
    ['filter options: actors', () => listAuditActors(db, big)],
  ];
}

async function explainAuditPlans(
  db: Db,
  { big, someActor }: AuditBenchData,
  deepCursor: AuditCursor,
) {
  const explain = async (label: string, query: ReturnType<typeof sql>) => {
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
    console.log(`  plan, ${label}:`);
    for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
  };
  await explain(
    'first page',
    sql`select id from audit_events where account_id = ${big}
         order by created_at desc nulls last, id desc nulls last limit 51`,
  );
  await explain(
    'deep page',
    sql`select id from audit_events where account_id = ${big}
           and (created_at, id) < (${deepCursor.createdAt}::timestamptz, ${deepCursor.id}::uuid)
         order by created_at desc nulls last, id desc nulls last limit 51`,
  );
  await explain(
    'action + actor filter (no match)',
    sql`select id from audit_events where account_id = ${big}
           and action = 'member.removed' and actor_user_id = ${someActor}
         order by created_at desc nulls last, id desc nulls last limit 51`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
