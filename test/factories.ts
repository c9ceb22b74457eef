import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { accounts, auditEvents, memberships, type Account, type MemberRole } from '@/db/schema';
import { createOrganizationDefinition } from '@/lib/accounts/actions';
import {
  executeAccountAction,
  type AccountActionDefinition,
  type ActionResult,
} from '@/lib/actions/core';
import { createSession, sessionPrincipal } from '@/lib/auth/sessions';
import type { Principal, SessionPrincipal } from '@/lib/authz/access';
import { changeRoleDefinition, removeMemberDefinition } from '@/lib/members/actions';
import { signUp, type SignUpInput } from '@/lib/auth/users';

// Shared set-up and look-ups of the integration tests (*.int.test.ts, *.pgonly.test.ts): users,
// organizations with members, actions run as a user, and the rows a test checks afterwards.

/** A valid argon2id-shaped hash that matches no password: sign-up stays fast. */
export const PLACEHOLDER_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$placeholder$placeholder';

/** A fresh address on a reserved domain (no `_`, and not `example.test`). */
export const uniqueEmail = (prefix = 'member') => `${prefix}-${randomUUID()}@x.test`;

/** A fresh server-side session of the user (as a sign-in creates), as a principal. */
export async function sessionFor(db: DbOrTx, user: { id: string }): Promise<SessionPrincipal> {
  const token = await createSession(db, { userId: user.id, ip: '203.0.113.7', userAgent: null });
  return sessionPrincipal(token);
}

/**
 * Signs a user up through `signUp` (a personal account, its owner membership and audit event)
 * and returns the created user. Defaults: name "Member", a unique address, the placeholder
 * hash, unverified (as signUp itself).
 */
export async function signUpUser(db: Db, input: Partial<SignUpInput> = {}) {
  const result = await db.transaction((tx) =>
    signUp(tx, {
      name: 'Member',
      email: uniqueEmail(),
      password: 'unused password',
      passwordHash: PLACEHOLDER_PASSWORD_HASH,
      ...input,
    }),
  );
  if (result.status !== 'created') throw new Error('expected a new user');
  return result;
}

export interface TestUser {
  id: string;
  name: string;
  email: string;
  principal: Principal;
  personalAccountId: string;
}

/** A verified user with a personal account, ready to act. */
export async function createUser(
  db: Db,
  name = 'Member',
  email = uniqueEmail(),
): Promise<TestUser> {
  const { user, personalAccountId } = await signUpUser(db, { name, email, verified: true });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    principal: await sessionFor(db, user),
    personalAccountId,
  };
}

/** Valid organization details (already in their normalised form). */
export const organizationDetails = (name: string) => ({
  name,
  billingName: 'Acme Corp AG',
  billingAddressLine1: 'Bahnhofstrasse 1',
  billingPostalCode: '8001',
  billingCity: 'Zürich',
  billingCountry: 'CH',
  billingEmail: 'billing@acme.example',
});

export type Members = Array<[{ id: string }, MemberRole]>;

async function addMembers(db: Db, accountId: string, members: Members) {
  if (!members.length) return;
  await db
    .insert(memberships)
    .values(members.map(([user, role]) => ({ accountId, userId: user.id, role })));
}

/**
 * An organization created by `owner` through the create-organization action (so `owner` is
 * its owner and the creation is audited), then `members` added with their roles.
 * `input` replaces the default details (`organizationDetails(name)`).
 */
export async function createOrganization(
  db: Db,
  owner: TestUser,
  members: Members = [],
  options: { name?: string; input?: (name: string) => unknown; ip?: string | null } = {},
): Promise<Account> {
  const name = options.name ?? `Org ${randomUUID().slice(0, 8)}`;
  expectOk(
    await executeAccountAction(createOrganizationDefinition, {
      principal: owner.principal,
      accountId: owner.personalAccountId,
      input: (options.input ?? organizationDetails)(name),
      ip: options.ip ?? null,
    }),
  );
  const [org] = await db
    .select()
    .from(accounts)
    .innerJoin(memberships, eq(memberships.accountId, accounts.id))
    .where(
      and(
        eq(accounts.name, name),
        eq(accounts.kind, 'organization'),
        eq(memberships.userId, owner.id),
      ),
    );
  if (!org) throw new Error('organization not found');
  await addMembers(db, org.accounts.id, members);
  return org.accounts;
}

/**
 * Users with these names, and an organization created by the first (its owner) with the
 * others in their roles: `createTeam(db, 'Owner A', ['Owner B', 'owner'], ['Tech', 'tech'])`.
 * The users are returned in the order given.
 */
export async function createTeam<Others extends Array<[name: string, role: MemberRole]>>(
  db: Db,
  ownerName: string,
  ...others: Others
): Promise<{ org: Account; users: [TestUser, ...{ [K in keyof Others]: TestUser }] }> {
  const owner = await createUser(db, ownerName);
  const members: Array<[TestUser, MemberRole]> = [];
  for (const [name, role] of others) members.push([await createUser(db, name), role]);
  const org = await createOrganization(db, owner, members);
  const users = [owner, ...members.map(([user]) => user)];
  return { org, users: users as [TestUser, ...{ [K in keyof Others]: TestUser }] };
}

/**
 * An organization row inserted directly (no action, no audit event, no creator): for tests
 * of the layers below the action core. `members` belong to it; when none of them is an owner,
 * a separate "Founder" user is its owner too, because an organization without an owner is a
 * state the product never reaches (test/invariants.ts checks it after every test file).
 */
export async function insertOrganization(
  db: Db,
  members: Members = [],
  name = `Org ${randomUUID().slice(0, 8)}`,
): Promise<Account> {
  const [org] = await db.insert(accounts).values({ kind: 'organization', name }).returning();
  if (!org) throw new Error('organization not inserted');
  const founder: Members = members.some(([, role]) => role === 'owner')
    ? []
    : [[(await signUpUser(db, { name: 'Founder', verified: true })).user, 'owner']];
  await addMembers(db, org.id, [...members, ...founder]);
  return org;
}

/** Runs an account action as `actor` (null: anonymous) through the action core. */
export function actAs<S extends z.ZodType>(
  actor: { principal: Principal } | null,
  definition: AccountActionDefinition<S>,
  accountId: string,
  input: unknown,
  ip: string | null,
): Promise<ActionResult> {
  return executeAccountAction(definition, {
    principal: actor?.principal ?? null,
    accountId,
    input,
    ip,
  });
}

/** The owner's member actions (change role, remove) through the action core, from `ip`. */
export const memberActions = (ip: string | null) => ({
  changeRole: (actor: TestUser, accountId: string, userId: string, role: unknown) =>
    actAs(actor, changeRoleDefinition, accountId, { userId, role }, ip),
  remove: (actor: TestUser, accountId: string, userId: string) =>
    actAs(actor, removeMemberDefinition, accountId, { userId }, ip),
});

export function expectOk(result: ActionResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.outcome;
}

export function expectRejected(result: ActionResult): string {
  if (result.ok || result.kind !== 'rejected')
    throw new Error(`expected rejected, got ${JSON.stringify(result)}`);
  return result.message;
}

export function expectInvalid(result: ActionResult) {
  if (result.ok || result.kind !== 'invalid')
    throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
  return result.fieldErrors;
}

/** The audit events of an account, of one action if given. */
export async function auditEventsOf(db: Db, accountId: string, action?: string) {
  return db
    .select()
    .from(auditEvents)
    .where(
      action
        ? and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action))
        : eq(auditEvents.accountId, accountId),
    );
}

/** The one audit event of `action` in an account (there must be exactly one). */
export async function onlyAuditEvent(db: Db, accountId: string, action: string) {
  const events = await auditEventsOf(db, accountId, action);
  expect(events, `${action} events`).toHaveLength(1);
  return events[0]!;
}

/** The number of rows of each table, under the names given: `{ name: table }`. */
export async function rowCounts<K extends string>(
  db: Db,
  tables: Record<K, PgTable>,
): Promise<Record<K, number>> {
  const counts = {} as Record<K, number>;
  for (const [name, table] of Object.entries(tables) as Array<[K, PgTable]>) {
    const [row] = await db.select({ n: count() }).from(table);
    counts[name] = row?.n ?? 0;
  }
  return counts;
}

/** A user's role in an account, or null if they are not a member. */
export async function roleOf(db: Db, accountId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** The user ids of an account's owners. */
export async function ownersOf(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'owner')));
  return rows.map((r) => r.userId);
}

/** An account's membership rows, or only one user's. */
export async function membershipsOf(db: Db, accountId: string, userId?: string) {
  return db
    .select()
    .from(memberships)
    .where(
      userId
        ? and(eq(memberships.accountId, accountId), eq(memberships.userId, userId))
        : eq(memberships.accountId, accountId),
    );
}

/**
 * How many rows of each table of the schema contain `needle` in their text (tables without
 * any are left out): where a secret was written.
 */
export async function rowsContaining(db: Db, needle: string): Promise<Record<string, number>> {
  const { rows: tables } = await db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const names = tables.map((t) => t.table_name);
  // The schema this looks through is the application's.
  expect(names).toEqual(
    expect.arrayContaining(['users', 'user_tokens', 'invitations', 'audit_events']),
  );
  const found: Record<string, number> = {};
  for (const name of names) {
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(name)} t where strpos(t::text, ${needle}) > 0`,
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n) found[name] = n;
  }
  return found;
}
