// What `npm run bench:http` measures. Add a case here when a page or endpoint joins the console
// (and, when it needs data, a seed extension): the harness verifies each case once (status and
// a marker text), then loads it interleaved with the two baselines.
import type { Db } from '@/db/client';
import { ACME_ID, MANY_ORGS_USER, DEMO_USERS } from '@/scripts/seed';
import { activeApiKey, createApiKey, rotateApiKey } from '@/lib/api-keys/keys';
import { encodeCursor } from '@/lib/audit/cursor';
import { BENCH_IDS, INSTANCE_OWNER, ROLE_MEMBERS, type SeedExtension } from './seed';

export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** One request list per connection, cycled (a mutating case gives each its own row). */
  perConnection?: Array<Array<{ path?: string; headers?: Record<string, string>; body?: string }>>;
}

export interface BenchContext {
  /** Cookie header of a demo user signed in through the console's own sign-in. */
  signedIn: (email: string) => Promise<string>;
  query: <T>(text: string, values?: unknown[]) => Promise<T[]>;
  /** The bench database through Drizzle, for the domain functions (API keys). */
  db: Db;
  /** A server action's request (Next-Action header, body encoded as React encodes it). */
  serverAction: (
    exportedName: string,
    args: unknown[],
  ) => Promise<{ headers: Record<string, string>; body: string }>;
}

export interface BenchCase {
  name: string;
  /** Pages compare to the bare page, API routes to the bare route handler. */
  baseline: 'page' | 'route';
  /** The same request on the small demo data: a scaled case should stay within 1.3× of it. */
  small?: string;
  prepare: (ctx: BenchContext) => Promise<LoadRequest>;
  expect: { status: number; text?: string };
  /** Prepared again before every run: the case changes the data its requests depend on. */
  refresh?: boolean;
  /** Left out (with a note) while the route does not exist in this build: Next's own 404. */
  optional?: boolean;
}

const ALICE = DEMO_USERS[0].email;

const page =
  (path: string, as: string | null) =>
  async (ctx: BenchContext): Promise<LoadRequest> => ({
    path,
    headers: as ? { cookie: await ctx.signedIn(as) } : {},
  });

async function personalAccountOf(ctx: BenchContext, email: string): Promise<string> {
  const [row] = await ctx.query<{ id: string }>(
    `select a.id from accounts a join users u on u.id = a.personal_owner_id where u.email = $1`,
    [email],
  );
  if (!row) throw new Error(`no personal account for ${email}`);
  return row.id;
}

/** A cursor about 90% of the way down the 1,000,000-event log. */
async function deepAuditCursor(ctx: BenchContext): Promise<string> {
  const [row] = await ctx.query<{ created_at: string; id: string }>(
    `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at, id
       from audit_events where account_id = $1
      order by created_at desc, id desc offset (select count(*) * 9 / 10 from audit_events
                                                 where account_id = $1) limit 1`,
    [BENCH_IDS.audit],
  );
  if (!row) throw new Error('no audit events to page through');
  return encodeCursor({ createdAt: row.created_at, id: row.id });
}

/**
 * Each connection flips its own member between tech and admin, so every request is a real
 * change (under the account lock, with its audit event) and no two connections fight over a row.
 */
async function roleChanges(ctx: BenchContext): Promise<LoadRequest> {
  const members = await ctx.query<{ user_id: string; role: string }>(
    `select user_id, role from memberships where account_id = $1 and role <> 'owner'
      order by user_id`,
    [BENCH_IDS.roles],
  );
  if (members.length < ROLE_MEMBERS) throw new Error('role-change members are missing');
  const cookie = await ctx.signedIn(ALICE);
  const path = `/a/${BENCH_IDS.roles}/users`;
  const change = async (userId: string, role: string) => {
    const form = new FormData();
    form.set('accountId', BENCH_IDS.roles);
    form.set('userId', userId);
    form.set('role', role);
    const { headers, body } = await ctx.serverAction('changeRoleAction', [
      { status: 'idle' },
      form,
    ]);
    return { headers: { ...headers, cookie }, body };
  };
  // Each list starts with the role the member does not have (the case is prepared afresh
  // before every run, see `refresh`), so no request is a refused no-op.
  const perConnection = await Promise.all(
    members.map(async (m) => {
      const [first, second] = m.role === 'tech' ? ['admin', 'tech'] : ['tech', 'admin'];
      return [await change(m.user_id, first), await change(m.user_id, second)];
    }),
  );
  return { path, method: 'POST', perConnection };
}

/** One pair per membership and bench run: a --compare build must not revoke the other's. */
const issuedKeys = new Map<string, Promise<string>>();

/**
 * A fresh pair for the membership through the api-keys domain functions (the secret is shown
 * once, so every run rotates), sent as HTTP Basic like any API client would.
 */
function basicAuth(ctx: BenchContext, accountId: string, email: string): Promise<string> {
  const id = `${accountId}:${email}`;
  if (!issuedKeys.has(id)) {
    issuedKeys.set(
      id,
      (async () => {
        const [user] = await ctx.query<{ id: string }>(`select id from users where email = $1`, [
          email,
        ]);
        if (!user) throw new Error(`no user ${email}`);
        const { summary, secret } = await ctx.db.transaction(async (tx) =>
          (await activeApiKey(tx, accountId, user.id))
            ? (await rotateApiKey(tx, accountId, user.id)).issued
            : createApiKey(tx, accountId, user.id),
        );
        return `Basic ${Buffer.from(`${summary.key}:${secret}`).toString('base64')}`;
      })(),
    );
  }
  return issuedKeys.get(id)!;
}

const apiGet =
  (path: string, accountId: string, email: string) =>
  async (ctx: BenchContext): Promise<LoadRequest> => ({
    path,
    headers: { authorization: await basicAuth(ctx, accountId, email) },
  });

export const cases: BenchCase[] = [
  {
    name: 'sign-in page (no session)',
    baseline: 'page',
    prepare: page('/sign-in', null),
    expect: { status: 200, text: 'Sign in' },
  },
  {
    name: 'overview (Acme, alice)',
    baseline: 'page',
    prepare: page(`/a/${ACME_ID}`, ALICE),
    expect: { status: 200, text: 'Acme Corp' },
  },
  {
    name: 'overview, user in 500 orgs',
    baseline: 'page',
    small: 'overview (Acme, alice)',
    prepare: async (ctx) =>
      page(`/a/${await personalAccountOf(ctx, MANY_ORGS_USER.email)}`, MANY_ORGS_USER.email)(ctx),
    expect: { status: 200, text: 'Scale Org' },
  },
  {
    name: 'Users, Acme (3 members)',
    baseline: 'page',
    prepare: page(`/a/${ACME_ID}/users`, ALICE),
    expect: { status: 200, text: 'Bruno Keller' },
  },
  {
    name: 'Users, 10,001 members',
    baseline: 'page',
    small: 'Users, Acme (3 members)',
    prepare: page(`/a/${BENCH_IDS.members}/users`, ALICE),
    expect: { status: 200, text: 'Member 0' },
  },
  {
    name: 'audit log, Acme',
    baseline: 'page',
    prepare: page(`/a/${ACME_ID}/audit`, ALICE),
    expect: { status: 200, text: 'Audit log' },
  },
  {
    name: 'audit log, 1M events',
    baseline: 'page',
    small: 'audit log, Acme',
    prepare: page(`/a/${BENCH_IDS.audit}/audit`, ALICE),
    expect: { status: 200, text: 'Actor 0' },
  },
  {
    name: 'audit log, 1M events, deep page',
    baseline: 'page',
    small: 'audit log, Acme',
    prepare: async (ctx) =>
      page(`/a/${BENCH_IDS.audit}/audit?before=${await deepAuditCursor(ctx)}`, ALICE)(ctx),
    expect: { status: 200, text: 'Actor 0' },
  },
  {
    name: 'role change (server action)',
    baseline: 'page',
    prepare: roleChanges,
    expect: { status: 200, text: 'Role changed' },
    refresh: true,
  },
  {
    name: 'GET /api/v1/members (Acme)',
    baseline: 'route',
    prepare: apiGet('/api/v1/members', ACME_ID, ALICE),
    expect: { status: 200, text: '"data"' },
  },
  {
    name: 'GET /api/v1/members (10,001)',
    baseline: 'route',
    small: 'GET /api/v1/members (Acme)',
    prepare: apiGet('/api/v1/members', BENCH_IDS.members, ALICE),
    expect: { status: 200, text: '"data"' },
  },
  {
    name: 'GET /api/v1/instances (10 of 10,000)',
    baseline: 'route',
    prepare: apiGet('/api/v1/instances', BENCH_IDS.instances, INSTANCE_OWNER.email),
    expect: { status: 200, text: '"data"' },
    optional: true,
  },
];

/** Data a case needs beyond the base data set (run once, when the database is seeded). */
export const seedExtensions: SeedExtension[] = [];
