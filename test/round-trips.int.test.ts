import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { onStatement } from '@/db/statements';
import { membersWithActiveKeys } from '@/lib/api-keys/keys';
import { listMembersEndpoint } from '@/lib/api/endpoints/members';
import { checkAccess } from '@/lib/authz/access';
import { listAccountInvitations } from '@/lib/invitations/queries';
import { listMembers } from '@/lib/members/members';
import { apiKeyPrincipal } from '@/lib/api-keys/principal';
import { call, issueKey, type KeyPair } from './api';
import { createTeam, expectOk, memberActions, type TestUser } from './factories';

// Round trips per request, counted on the drivers themselves (db/statements.ts): the one
// access path costs exactly one statement, and what a benchmarked page or endpoint sends does
// not grow with the data (no N+1). Each case runs on a small organization and on one with
// LARGE more members, and must send the same statements on both.

const LARGE = 250;

async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = onStatement((text) => seen.push(text));
  try {
    await fn();
  } finally {
    stop();
  }
  return seen;
}

/** LARGE verified users (each with the personal account every user has) joining `accountId`. */
async function addManyMembers(db: Db, accountId: string) {
  await db.execute(sql`
    with people as (
      insert into users (name, email, email_verified, password_hash)
      select 'Many ' || n, 'many-' || n || '-' || ${accountId} || '@x.test', now(), 'x'
        from generate_series(1, ${LARGE}::int) n
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
    select ${accountId}::uuid, id, 'tech' from people`);
}

interface Org {
  id: string;
  owner: TestUser;
  tech: TestUser;
  pair: KeyPair;
}

async function organization(db: Db, large: boolean): Promise<Org> {
  const { org, users } = await createTeam(db, 'Owner', ['Tech', 'tech']);
  if (large) await addManyMembers(db, org.id);
  return { id: org.id, owner: users[0], tech: users[1], pair: await issueKey(users[0], org.id) };
}

let db: Db;
let small: Org;
let large: Org;

beforeAll(async () => {
  db = await getDb();
  small = await organization(db, false);
  large = await organization(db, true);
});

describe('round trips per request', () => {
  it('the access path (session, user, account, membership, permission) is one statement', async () => {
    for (const org of [small, large]) {
      const sent = await statementsOf(() =>
        checkAccess(org.owner.principal, org.id, 'members.manage'),
      );
      expect(sent).toHaveLength(1);
    }
  });

  it('an API key resolves in one statement too', async () => {
    const sent = await statementsOf(() =>
      checkAccess(apiKeyPrincipal(large.pair), null, 'members.view'),
    );
    expect(sent).toHaveLength(1);
  });

  it('the Users page reads the same statements for 2 and 250 members', async () => {
    const page = (org: Org) =>
      statementsOf(() =>
        Promise.all([
          listMembers(db, org.id, { query: '', page: 1 }),
          listAccountInvitations(db, org.id),
          membersWithActiveKeys(db, org.id),
        ]),
      );
    const [few, many] = [await page(small), await page(large)];
    expect(few).toHaveLength(3);
    // Sent concurrently (Promise.all): the same statements, in whatever order.
    expect([...many].sort()).toEqual([...few].sort());
  });

  it('GET /api/v1/members sends the same statements for 2 and 250 members', async () => {
    const get = (org: Org) =>
      statementsOf(async () =>
        expect((await call(listMembersEndpoint, { pair: org.pair })).status).toBe(200),
      );
    const [few, many] = [await get(small), await get(large)];
    expect(many).toEqual(few);
    expect(few.length).toBeLessThanOrEqual(3);
  });

  it('a role change sends the same statements in a small and a large organization', async () => {
    const { changeRole } = memberActions(null);
    const change = (org: Org) =>
      statementsOf(async () => expectOk(await changeRole(org.owner, org.id, org.tech.id, 'admin')));
    const [few, many] = [await change(small), await change(large)];
    expect(many).toEqual(few);
    // access, begin, lock, access under the lock, membership, update, audit event, commit
    expect(few).toHaveLength(8);
  });
});
