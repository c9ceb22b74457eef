import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  accounts,
  auditEvents,
  emailOutbox,
  invitations,
  memberships,
  type Account,
  type Invitation,
  type MemberRole,
} from '@/db/schema';
import { createOrganizationDefinition } from '@/lib/account-actions';
import { executeAccountAction, type ActionResult } from '@/lib/actions/core';
import { AccessError, checkAccess, type Principal } from '@/lib/authz/access';
import {
  findInvitationByToken,
  INVITATION_TTL_MS,
  MAX_INVITES_PER_REQUEST,
  respondToInvitation,
} from '@/lib/invitations';
import {
  changeRoleDefinition,
  inviteMembersDefinition,
  removeMemberDefinition,
  resendInvitationDefinition,
  revokeInvitationDefinition,
} from '@/lib/member-actions';
import { DomainError } from '@/lib/organizations';
import { signUp } from '@/lib/users';

// Issue 4: invitations by email, through the one action core (zod → access → transaction →
// audit → emails after commit) and the atomic accept/decline, on a real database (PGlite and,
// with DATABASE_URL, a PostgreSQL server where the parallel accepts and revokes really race).

let db: Db;
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$placeholder$placeholder';
const IP = '203.0.113.9';
const APP_URL = 'https://console.alpenglow.test';
const savedAppUrl = process.env.APP_URL;

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  db = await getDb();
});

afterAll(() => {
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
});

interface TestUser {
  id: string;
  name: string;
  email: string;
  principal: Principal;
  personalAccountId: string;
}

const uniqueEmail = (prefix = 'invitee') => `${prefix}-${randomUUID().slice(0, 8)}@x.test`;

async function createUser(name = 'Member', email = uniqueEmail('member')): Promise<TestUser> {
  const result = await db.transaction((tx) =>
    signUp(tx, { name, email, password: 'unused password', passwordHash, verified: true }),
  );
  if (result.status !== 'created') throw new Error('expected created');
  const { user, personalAccountId } = result;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    principal: { userId: user.id, sessionVersion: user.sessionVersion },
    personalAccountId,
  };
}

const orgDetails = (name: string) => ({
  name,
  billingName: 'Acme Corp AG',
  billingAddressLine1: 'Bahnhofstrasse 1',
  billingPostalCode: '8001',
  billingCity: 'Zürich',
  billingCountry: 'CH',
  billingEmail: 'billing@acme.example',
});

function expectOk(result: ActionResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.outcome;
}

function expectRejected(result: ActionResult): string {
  if (result.ok || result.kind !== 'rejected')
    throw new Error(`expected rejected, got ${JSON.stringify(result)}`);
  return result.message;
}

function expectInvalid(result: ActionResult) {
  if (result.ok || result.kind !== 'invalid')
    throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
  return result.fieldErrors;
}

/** An organization created through the action by `creator`, plus extra members. */
async function createOrg(
  creator: TestUser,
  others: Array<[TestUser, MemberRole]> = [],
  name = `Org ${randomUUID().slice(0, 8)}`,
): Promise<Account> {
  expectOk(
    await executeAccountAction(createOrganizationDefinition, {
      principal: creator.principal,
      accountId: creator.personalAccountId,
      input: orgDetails(name),
      ip: IP,
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
        eq(memberships.userId, creator.id),
      ),
    );
  if (!org) throw new Error('organization not found');
  if (others.length) {
    await db
      .insert(memberships)
      .values(
        others.map(([user, role]) => ({ accountId: org.accounts.id, userId: user.id, role })),
      );
  }
  return org.accounts;
}

const invite = (actor: TestUser, accountId: string, emails: unknown, role: unknown = 'tech') =>
  executeAccountAction(inviteMembersDefinition, {
    principal: actor.principal,
    accountId,
    input: { emails, role },
    ip: IP,
  });

const resend = (actor: TestUser, accountId: string, invitationId: string) =>
  executeAccountAction(resendInvitationDefinition, {
    principal: actor.principal,
    accountId,
    input: { invitationId },
    ip: IP,
  });

const revoke = (actor: TestUser, accountId: string, invitationId: string) =>
  executeAccountAction(revokeInvitationDefinition, {
    principal: actor.principal,
    accountId,
    input: { invitationId },
    ip: IP,
  });

const accept = (invitationId: string, user: { id: string; email: string }) =>
  db.transaction((tx) => respondToInvitation(tx, invitationId, user, 'accepted'));

const decline = (invitationId: string, user: { id: string; email: string }) =>
  db.transaction((tx) => respondToInvitation(tx, invitationId, user, 'declined'));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function rowCounts() {
  const [i] = await db.select({ n: count() }).from(invitations);
  const [m] = await db.select({ n: count() }).from(memberships);
  const [e] = await db.select({ n: count() }).from(auditEvents);
  const [o] = await db.select({ n: count() }).from(emailOutbox);
  return { invitations: i?.n, memberships: m?.n, auditEvents: e?.n, emails: o?.n };
}

async function invitationsOf(accountId: string): Promise<Invitation[]> {
  return db
    .select()
    .from(invitations)
    .where(eq(invitations.accountId, accountId))
    .orderBy(asc(invitations.createdAt), asc(invitations.email));
}

async function invitationFor(accountId: string, email: string, status = 'pending') {
  const rows = (await invitationsOf(accountId)).filter(
    (i) => i.email === email && i.status === status,
  );
  expect(rows, `${status} invitation for ${email}`).toHaveLength(1);
  return rows[0]!;
}

async function invitationById(id: string): Promise<Invitation> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  if (!row) throw new Error(`invitation ${id} not found`);
  return row;
}

async function auditOf(accountId: string, action?: string) {
  return db
    .select()
    .from(auditEvents)
    .where(
      action
        ? and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action))
        : eq(auditEvents.accountId, accountId),
    );
}

async function roleOf(accountId: string, userId: string): Promise<MemberRole | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

async function membershipRows(accountId: string, userId: string) {
  return db
    .select()
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
}

/** Emails to an address, oldest first. */
async function emailsTo(address: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, address))
    .orderBy(asc(emailOutbox.createdAt));
}

/** Every href attribute of every tag of an HTML document, whatever its quoting. */
function hrefs(html: string): string[] {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  return tags.flatMap((tag) =>
    [...tag.matchAll(/\shref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map(
      (m) => m[2] ?? m[3] ?? m[4] ?? '',
    ),
  );
}

const LINK = new RegExp(
  `^${APP_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/invitation#([A-Za-z0-9_-]{43})$`,
);

/** The raw token of the one invitation email to `address` (the latest, if `nth` is omitted). */
async function tokenFromEmail(address: string, nth?: number): Promise<string> {
  const messages = await emailsTo(address);
  const message = nth === undefined ? messages.at(-1) : messages[nth];
  if (!message) throw new Error(`no email to ${address}`);
  const links = hrefs(message.html);
  expect(links.length).toBeGreaterThan(0);
  const tokens = new Set(
    links.map((link) => {
      const match = LINK.exec(link);
      if (!match) throw new Error(`unexpected link in invitation email: ${link}`);
      return match[1]!;
    }),
  );
  expect(tokens.size).toBe(1);
  return [...tokens][0]!;
}

/** Rows, in every table of the schema except the outbox, whose text contains `needle`. */
async function rowsContaining(needle: string): Promise<Record<string, number>> {
  const { rows: tables } = await db.execute<{ table_name: string }>(sql`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const names = tables.map((t) => t.table_name);
  expect(names).toContain('invitations');
  expect(names).toContain('audit_events');
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

function expectNear(actual: Date, expected: number, toleranceMs = 60_000) {
  expect(Math.abs(actual.getTime() - expected)).toBeLessThanOrEqual(toleranceMs);
}

async function expireInvitation(id: string) {
  await db
    .update(invitations)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(eq(invitations.id, id));
}

describe('inviting', () => {
  it('several addresses in one field: pending invitations, hashed tokens, 7 days, audit, escaped emails', async () => {
    const owner = await createUser('Olivia Owner');
    const orgName = '<a href=//evil>x</a>';
    const org = await createOrg(owner, [], orgName);
    const addresses = ['a@x.test', 'b@x.test', 'c@x.test'];

    const started = Date.now();
    const result = await invite(owner, org.id, ' a@x.test, B@X.test\nc@x.test ', 'admin');
    expect(expectOk(result).message).toBe('3 invitations sent.');

    const rows = await invitationsOf(org.id);
    expect(rows.map((r) => r.email).sort()).toEqual(addresses);
    for (const row of rows) {
      expect(row).toMatchObject({
        accountId: org.id,
        role: 'admin',
        status: 'pending',
        invitedByUserId: owner.id,
        respondedAt: null,
        respondedByUserId: null,
      });
      expectNear(row.expiresAt, started + INVITATION_TTL_MS);
      expectNear(row.expiresAt, Date.now() + 7 * 24 * 60 * 60 * 1000);
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(rows.map((r) => r.tokenHash)).size).toBe(3);

    // One audit event per address, with the address and role, and no secret.
    const events = await auditOf(org.id, 'invitation.created');
    expect(events).toHaveLength(3);
    for (const event of events) {
      const row = rows.find((r) => r.id === event.targetId);
      expect(row).toBeDefined();
      expect(event).toMatchObject({
        actorUserId: owner.id,
        ip: IP,
        targetType: 'invitation',
        metadata: { email: row!.email, role: 'admin' },
      });
      expect(Object.keys(event.metadata).sort()).toEqual(['email', 'role']);
    }

    for (const [index, address] of addresses.entries()) {
      const messages = await emailsTo(address);
      expect(messages, address).toHaveLength(1);
      const message = messages[0]!;
      // The token comes from the email only, and is what the row's hash is the hash of.
      const token = await tokenFromEmail(address);
      const row = rows.find((r) => r.email === address)!;
      expect(row.tokenHash).toBe(sha256(token));
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);

      // The raw token is in no column of any table (the outbox holds the email itself).
      expect(await rowsContaining(token), address).toEqual({ email_outbox: 1 });
      const allAudit = await db.select().from(auditEvents);
      expect(JSON.stringify(allAudit)).not.toContain(token);
      expect(JSON.stringify(allAudit)).not.toContain(row.tokenHash);

      // Names are escaped: the organization's name is text, not a link.
      expect(message.html).not.toContain('<a href=//evil>');
      expect(hrefs(message.html).filter((h) => h.includes('evil'))).toEqual([]);
      expect(message.html).toContain('&lt;a href=//evil&gt;x&lt;/a&gt;');
      expect(message.html).toContain('Olivia Owner');
      expect(message.html).toContain('Admin');
      expect(message.text).toContain(orgName);
      expect(message.subject).toContain('Olivia Owner');
      // The only links are the invitation link to APP_URL; no images, no tracking.
      for (const link of hrefs(message.html)) expect(link).toBe(`${APP_URL}/invitation#${token}`);
      expect(message.html).not.toMatch(/<img\b|\bsrc\s*=|url\(/i);
      // Distinct tokens per address.
      if (index > 0) expect(token).not.toBe(await tokenFromEmail(addresses[index - 1]!));

      // The link opens this invitation.
      const found = await findInvitationByToken(db, token);
      expect(found).toMatchObject({
        id: row.id,
        email: address,
        role: 'admin',
        organizationName: orgName,
        inviterName: 'Olivia Owner',
      });
    }
  });

  it(`up to ${MAX_INVITES_PER_REQUEST} addresses at once; duplicates in the field count once`, async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const many = Array.from({ length: MAX_INVITES_PER_REQUEST }, () => uniqueEmail('bulk'));
    expectOk(await invite(owner, org.id, many.join(';'), 'tech'));
    expect(await invitationsOf(org.id)).toHaveLength(MAX_INVITES_PER_REQUEST);
    expect(await auditOf(org.id, 'invitation.created')).toHaveLength(MAX_INVITES_PER_REQUEST);

    const org2 = await createOrg(owner);
    const dup = uniqueEmail('dup');
    expectOk(await invite(owner, org2.id, `${dup}, ${dup.toUpperCase()} ${many[0]}`, 'tech'));
    expect((await invitationsOf(org2.id)).map((i) => i.email).sort()).toEqual(
      [dup, many[0]!].sort(),
    );
    expect(await emailsTo(dup)).toHaveLength(1);
  });

  it('malformed addresses are rejected one by one, quoting each; nothing written', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const before = await rowCounts();
    const result = await invite(
      owner,
      org.id,
      'good@x.test, not-an-email, <a@x.test>, two@@x.test',
      'tech',
    );
    const errors = expectInvalid(result);
    expect(Object.keys(errors)).toEqual(['emails']);
    const messages = errors.emails!;
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('not-an-email');
    expect(messages[1]).toContain('<a@x.test>');
    expect(messages[2]).toContain('two@@x.test');
    for (const message of messages) {
      expect(message).toMatch(/not a valid email address/);
      expect(message).not.toContain('good@x.test');
    }
    expect(await rowCounts()).toEqual(before);
    expect(await emailsTo('good@x.test')).toHaveLength(0);
  });

  it.each([
    ['role superuser', 'a@x.test', 'superuser', 'role'],
    ['role OWNER (enum checked exactly)', 'a@x.test', 'OWNER', 'role'],
    ['role Owner', 'a@x.test', 'Owner', 'role'],
    ['no role', 'a@x.test', undefined, 'role'],
    ['empty field', '', 'tech', 'emails'],
    ['only separators', ' ,; \n ', 'tech', 'emails'],
    ['no field', undefined, 'tech', 'emails'],
    ['not a string', ['a@x.test'], 'tech', 'emails'],
    [
      `${MAX_INVITES_PER_REQUEST + 1} addresses`,
      Array.from({ length: MAX_INVITES_PER_REQUEST + 1 }, (_, i) => `n${i}@x.test`).join(', '),
      'tech',
      'emails',
    ],
  ])('invalid: %s; nothing written', async (_label, emails, role, field) => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const before = await rowCounts();
    // Called directly: the helper's default role must not fill in a missing one.
    const errors = expectInvalid(
      await executeAccountAction(inviteMembersDefinition, {
        principal: owner.principal,
        accountId: org.id,
        input: { emails, role },
        ip: IP,
      }),
    );
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toHaveLength(1);
    if (_label.includes('addresses')) expect(errors.emails![0]).toMatch(/at most 20/);
    expect(await rowCounts()).toEqual(before);
  });

  it('an existing member is refused by name (any case); nothing written', async () => {
    const owner = await createUser();
    const tech = await createUser('Tess Tech');
    const org = await createOrg(owner, [[tech, 'tech']]);
    const before = await rowCounts();
    const fresh = uniqueEmail();
    const message = expectRejected(
      await invite(owner, org.id, `${fresh}, ${tech.email.toUpperCase()}`, 'owner'),
    );
    expect(message).toContain(tech.email);
    expect(message).toMatch(/already a member/);
    expect(message).not.toContain(fresh);
    expect(await rowCounts()).toEqual(before);
    expect(await roleOf(org.id, tech.id)).toBe('tech');
    // The owner themself, too.
    expect(expectRejected(await invite(owner, org.id, owner.email))).toMatch(/already a member/);
  });

  it('an address with a pending invitation is refused; nothing written; the first stays valid', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, 'tech'));
    const first = await invitationFor(org.id, address);
    const token = await tokenFromEmail(address);
    const before = await rowCounts();

    const other = uniqueEmail();
    const message = expectRejected(await invite(owner, org.id, `${other} ${address}`, 'admin'));
    expect(message).toContain(address);
    expect(message).toMatch(/pending invitation/);
    expect(await rowCounts()).toEqual(before);
    expect(await invitationById(first.id)).toEqual(first);
    expect((await findInvitationByToken(db, token))?.id).toBe(first.id);

    // Another owner inviting the same address gets the same answer.
    const coOwner = await createUser();
    await db.insert(memberships).values({ accountId: org.id, userId: coOwner.id, role: 'owner' });
    expect(expectRejected(await invite(coOwner, org.id, address))).toMatch(/pending invitation/);

    // The same address may be invited by another organization at the same time.
    const otherOrg = await createOrg(owner);
    expectOk(await invite(owner, otherOrg.id, address, 'admin'));
  });

  it('an expired pending invitation is replaced by a new one; the old link is dead', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, 'tech'));
    const old = await invitationFor(org.id, address);
    const oldToken = await tokenFromEmail(address);
    await expireInvitation(old.id);

    expectOk(await invite(owner, org.id, address, 'admin'));
    const fresh = await invitationFor(org.id, address);
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.role).toBe('admin');
    expectNear(fresh.expiresAt, Date.now() + INVITATION_TTL_MS);
    const newToken = await tokenFromEmail(address);
    expect(newToken).not.toBe(oldToken);
    expect(fresh.tokenHash).toBe(sha256(newToken));
    expect((await invitationById(old.id)).status).not.toBe('pending');

    const invitee = await createUser('Invitee', address);
    await expect(accept(old.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await accept(fresh.id, invitee);
    expect(await roleOf(org.id, invitee.id)).toBe('admin');
  });
});

describe('only owners manage invitations and members', () => {
  it.each<MemberRole>(['tech', 'admin'])(
    'a %s is forbidden to invite, resend, revoke, change roles or remove; nothing written',
    async (role) => {
      const owner = await createUser();
      const member = await createUser();
      const other = await createUser();
      const org = await createOrg(owner, [
        [member, role],
        [other, 'tech'],
      ]);
      const address = uniqueEmail();
      expectOk(await invite(owner, org.id, address, 'tech'));
      const pending = await invitationFor(org.id, address);
      const before = await rowCounts();
      const membersBefore = await db
        .select()
        .from(memberships)
        .where(eq(memberships.accountId, org.id));

      const results = [
        await invite(member, org.id, uniqueEmail(), 'owner'),
        await invite(member, org.id, uniqueEmail(), 'tech'),
        await resend(member, org.id, pending.id),
        await revoke(member, org.id, pending.id),
        await executeAccountAction(changeRoleDefinition, {
          principal: member.principal,
          accountId: org.id,
          input: { userId: member.id, role: 'owner' },
          ip: IP,
        }),
        await executeAccountAction(changeRoleDefinition, {
          principal: member.principal,
          accountId: org.id,
          input: { userId: owner.id, role: 'tech' },
          ip: IP,
        }),
        await executeAccountAction(removeMemberDefinition, {
          principal: member.principal,
          accountId: org.id,
          input: { userId: other.id },
          ip: IP,
        }),
        await executeAccountAction(removeMemberDefinition, {
          principal: member.principal,
          accountId: org.id,
          input: { userId: owner.id },
          ip: IP,
        }),
      ];
      for (const result of results) expect(result).toEqual({ ok: false, kind: 'forbidden' });
      expect(await rowCounts()).toEqual(before);
      expect(await invitationById(pending.id)).toEqual(pending);
      expect(await db.select().from(memberships).where(eq(memberships.accountId, org.id))).toEqual(
        membersBefore,
      );
    },
  );

  it('a non-member gets not_found for every action; an anonymous caller is unauthenticated', async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const org = await createOrg(owner);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, 'tech'));
    const pending = await invitationFor(org.id, address);
    const before = await rowCounts();

    const asStranger = [
      await invite(stranger, org.id, uniqueEmail(), 'tech'),
      await resend(stranger, org.id, pending.id),
      await revoke(stranger, org.id, pending.id),
      await executeAccountAction(changeRoleDefinition, {
        principal: stranger.principal,
        accountId: org.id,
        input: { userId: owner.id, role: 'tech' },
        ip: IP,
      }),
      await executeAccountAction(removeMemberDefinition, {
        principal: stranger.principal,
        accountId: org.id,
        input: { userId: owner.id },
        ip: IP,
      }),
    ];
    for (const result of asStranger) expect(result).toEqual({ ok: false, kind: 'not_found' });
    expect(
      await executeAccountAction(inviteMembersDefinition, {
        principal: null,
        accountId: org.id,
        input: { emails: uniqueEmail(), role: 'tech' },
        ip: IP,
      }),
    ).toEqual({ ok: false, kind: 'unauthenticated' });
    expect(await rowCounts()).toEqual(before);
    expect(await invitationById(pending.id)).toEqual(pending);
  });

  it('a personal account invites nobody', async () => {
    const alice = await createUser();
    const before = await rowCounts();
    expect(await invite(alice, alice.personalAccountId, uniqueEmail(), 'tech')).toEqual({
      ok: false,
      kind: 'forbidden',
    });
    expect(await rowCounts()).toEqual(before);
  });

  it("an owner cannot resend or revoke another organization's invitation by its id", async () => {
    const ownerA = await createUser();
    const ownerB = await createUser();
    const orgA = await createOrg(ownerA);
    const orgB = await createOrg(ownerB);
    const address = uniqueEmail();
    expectOk(await invite(ownerA, orgA.id, address, 'tech'));
    const pending = await invitationFor(orgA.id, address);
    const before = await rowCounts();
    expectRejected(await resend(ownerB, orgB.id, pending.id));
    expectRejected(await revoke(ownerB, orgB.id, pending.id));
    expect(await invitationById(pending.id)).toEqual(pending);
    expect(await rowCounts()).toEqual(before);
    expect(await emailsTo(address)).toHaveLength(1);
  });
});

describe('resend and revoke', () => {
  it('resend: a new token by email, the old one is dead, the expiry is renewed', async () => {
    const owner = await createUser('Olivia Owner');
    const coOwner = await createUser('Carl Co-owner');
    const org = await createOrg(owner, [[coOwner, 'owner']]);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, 'admin'));
    const original = await invitationFor(org.id, address);
    const oldToken = await tokenFromEmail(address);
    // Close to expiry: the resend must give it a full 7 days again.
    await db
      .update(invitations)
      .set({ expiresAt: sql`now() + interval '1 hour'` })
      .where(eq(invitations.id, original.id));

    // Any owner may resend.
    const result = await resend(coOwner, org.id, original.id);
    expect(expectOk(result).message).toContain(address);
    expect(await emailsTo(address)).toHaveLength(2);
    const newToken = await tokenFromEmail(address, 1);
    expect(newToken).not.toBe(oldToken);
    expect(await tokenFromEmail(address, 0)).toBe(oldToken);

    const after = await invitationById(original.id);
    expect(after).toMatchObject({ status: 'pending', role: 'admin', email: address });
    expect(after.tokenHash).toBe(sha256(newToken));
    expectNear(after.expiresAt, Date.now() + INVITATION_TTL_MS);

    expect(await findInvitationByToken(db, oldToken)).toBeNull();
    expect((await findInvitationByToken(db, newToken))?.id).toBe(original.id);
    expect(await rowsContaining(newToken)).toEqual({ email_outbox: 1 });
    expect(await rowsContaining(oldToken)).toEqual({ email_outbox: 1 });

    const [event] = await auditOf(org.id, 'invitation.resent');
    expect(event).toMatchObject({
      actorUserId: coOwner.id,
      targetId: original.id,
      metadata: { email: address, role: 'admin' },
    });
    expect(JSON.stringify(event)).not.toContain(newToken);
    // The resent email names the owner who resent it.
    expect((await emailsTo(address))[1]!.html).toContain('Carl Co-owner');

    // Still a single invitation, which the invitee can accept.
    expect(await invitationsOf(org.id)).toHaveLength(1);
    const invitee = await createUser('Invitee', address);
    await accept(original.id, invitee);
    expect(await roleOf(org.id, invitee.id)).toBe('admin');
    // Once accepted, it can be neither resent nor revoked.
    expect(expectRejected(await resend(owner, org.id, original.id))).toMatch(/no longer pending/);
    expect(expectRejected(await revoke(owner, org.id, original.id))).toMatch(/no longer pending/);
  });

  it('revoke: status revoked, audited, the token opens nothing that can be accepted', async () => {
    const owner = await createUser();
    const coOwner = await createUser();
    const org = await createOrg(owner, [[coOwner, 'owner']]);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, 'tech'));
    const pending = await invitationFor(org.id, address);
    const token = await tokenFromEmail(address);
    const emailsBefore = (await emailsTo(address)).length;

    expect(expectOk(await revoke(coOwner, org.id, pending.id)).message).toContain(address);
    const revoked = await invitationById(pending.id);
    expect(revoked.status).toBe('revoked');
    expect(revoked.respondedAt).not.toBeNull();
    expect((await findInvitationByToken(db, token))?.status).toBe('revoked');
    expect(await emailsTo(address)).toHaveLength(emailsBefore); // no email on revoke
    const [event] = await auditOf(org.id, 'invitation.revoked');
    expect(event).toMatchObject({
      actorUserId: coOwner.id,
      targetId: pending.id,
      metadata: { email: address, role: 'tech' },
    });

    const invitee = await createUser('Invitee', address);
    await expect(accept(pending.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await expect(accept(pending.id, invitee)).rejects.toThrow(/no longer valid/);
    await expect(decline(pending.id, invitee)).rejects.toBeInstanceOf(DomainError);
    expect(await roleOf(org.id, invitee.id)).toBeNull();
    expect((await invitationById(pending.id)).status).toBe('revoked');
    // Revoking or resending again is refused.
    expectRejected(await revoke(owner, org.id, pending.id));
    expectRejected(await resend(owner, org.id, pending.id));
    // The address can be invited again.
    expectOk(await invite(owner, org.id, address, 'admin'));
  });

  it('resend or revoke of an unknown id, or a malformed one', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    expectRejected(await resend(owner, org.id, randomUUID()));
    expectRejected(await revoke(owner, org.id, randomUUID()));
    expect(Object.keys(expectInvalid(await revoke(owner, org.id, 'not-a-uuid')))).toEqual([
      'invitationId',
    ]);
  });
});

describe('accepting and declining', () => {
  async function invited(role: MemberRole = 'admin') {
    const owner = await createUser('Olivia Owner');
    const org = await createOrg(owner);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, role));
    const invitation = await invitationFor(org.id, address);
    return { owner, org, address, invitation };
  }

  it('only the user with the invited email can accept; others are refused and it stays pending', async () => {
    const { org, address, invitation } = await invited('admin');
    const mallory = await createUser('Mallory');
    const before = await rowCounts();
    await expect(accept(invitation.id, mallory)).rejects.toBeInstanceOf(DomainError);
    await expect(accept(invitation.id, mallory)).rejects.toThrow(/different email/);
    await expect(decline(invitation.id, mallory)).rejects.toThrow(/different email/);
    // Claiming the invited address in the request does not help: the row is the truth, and a
    // caller passes the signed-in user's own (verified) address.
    expect(await roleOf(org.id, mallory.id)).toBeNull();
    expect(await invitationById(invitation.id)).toEqual(invitation);
    expect(await rowCounts()).toEqual(before);

    // The invitee, whatever the case of their address, accepts; role and org from the row.
    const invitee = await createUser('Ivy Invitee', address);
    const claimed = await accept(invitation.id, { id: invitee.id, email: address.toUpperCase() });
    expect(claimed).toMatchObject({ accountId: org.id, role: 'admin', status: 'accepted' });
    const after = await invitationById(invitation.id);
    expect(after).toMatchObject({ status: 'accepted', respondedByUserId: invitee.id });
    expect(after.respondedAt).not.toBeNull();
    expect(await roleOf(org.id, invitee.id)).toBe('admin');
    expect(await membershipRows(org.id, invitee.id)).toHaveLength(1);
    // The new membership is usable at once, with exactly the invited role's rights.
    const access = await checkAccess(invitee.principal, org.id, 'billing.manage');
    expect(access.role).toBe('admin');
    await expect(checkAccess(invitee.principal, org.id, 'resources.manage')).rejects.toEqual(
      new AccessError('forbidden'),
    );
    await expect(checkAccess(invitee.principal, org.id, 'members.manage')).rejects.toEqual(
      new AccessError('forbidden'),
    );
    // Their personal account is untouched.
    expect(await roleOf(invitee.personalAccountId, invitee.id)).toBe('owner');
  });

  it('single use: a second accept (or decline) is refused, nothing more is created', async () => {
    const { org, address, invitation } = await invited('tech');
    const invitee = await createUser('Invitee', address);
    await accept(invitation.id, invitee);
    const before = await rowCounts();
    await expect(accept(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await expect(decline(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    expect(await rowCounts()).toEqual(before);
    expect(await membershipRows(org.id, invitee.id)).toHaveLength(1);
    expect((await invitationById(invitation.id)).status).toBe('accepted');
  });

  it('expired: refused with "expired", nothing created, still pending (so it can be resent)', async () => {
    const { owner, org, address, invitation } = await invited('tech');
    const invitee = await createUser('Invitee', address);
    await expireInvitation(invitation.id);
    const expired = await invitationById(invitation.id);
    const before = await rowCounts();
    await expect(accept(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await expect(accept(invitation.id, invitee)).rejects.toThrow(/expired/);
    await expect(decline(invitation.id, invitee)).rejects.toThrow(/expired/);
    expect(await rowCounts()).toEqual(before);
    expect(await roleOf(org.id, invitee.id)).toBeNull();
    expect(await invitationById(invitation.id)).toEqual(expired);

    // The owner resends; the new link works.
    expectOk(await resend(owner, org.id, invitation.id));
    await accept(invitation.id, invitee);
    expect(await roleOf(org.id, invitee.id)).toBe('tech');
  });

  it('decline: status declined, no membership; it can be neither accepted nor revoked after', async () => {
    const { owner, org, address, invitation } = await invited('owner');
    const invitee = await createUser('Invitee', address);
    const declined = await decline(invitation.id, invitee);
    expect(declined.status).toBe('declined');
    const row = await invitationById(invitation.id);
    expect(row).toMatchObject({ status: 'declined', respondedByUserId: invitee.id });
    expect(await roleOf(org.id, invitee.id)).toBeNull();
    await expect(accept(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    expect(await roleOf(org.id, invitee.id)).toBeNull();
    expectRejected(await revoke(owner, org.id, invitation.id));
    // A declined invitation does not block a new one.
    expectOk(await invite(owner, org.id, address, 'tech'));
  });

  it('an unknown invitation id is refused', async () => {
    const user = await createUser();
    await expect(accept(randomUUID(), user)).rejects.toThrow(/does not exist/);
  });
});

describe('accepting under concurrency', () => {
  it('20 parallel accepts of one invitation: exactly one wins, one membership', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const address = uniqueEmail();
    expectOk(await invite(owner, org.id, address, 'tech'));
    const invitation = await invitationFor(org.id, address);
    const invitee = await createUser('Invitee', address);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => accept(invitation.id, invitee)),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(DomainError);
    expect(await membershipRows(org.id, invitee.id)).toHaveLength(1);
    expect(await roleOf(org.id, invitee.id)).toBe('tech');
    expect((await invitationById(invitation.id)).status).toBe('accepted');
  });

  it('accept racing revoke: one or the other, never both or neither (10 rounds)', async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const outcomes = { accepted: 0, revoked: 0 };
    for (let round = 0; round < 10; round++) {
      const address = uniqueEmail(`race${round}`);
      expectOk(await invite(owner, org.id, address, 'admin'));
      const invitation = await invitationFor(org.id, address);
      const invitee = await createUser('Invitee', address);

      const [accepted, revoked] = await Promise.allSettled([
        accept(invitation.id, invitee),
        revoke(owner, org.id, invitation.id),
      ]);
      if (accepted.status === 'rejected') expect(accepted.reason).toBeInstanceOf(DomainError);
      if (revoked.status === 'rejected') throw revoked.reason;
      const acceptOk = accepted.status === 'fulfilled';
      const revokeOk = revoked.value.ok;
      if (!revoked.value.ok) expect(revoked.value.kind).toBe('rejected');
      expect(acceptOk !== revokeOk, `round ${round}: accept ${acceptOk}, revoke ${revokeOk}`).toBe(
        true,
      );

      const row = await invitationById(invitation.id);
      const members = await membershipRows(org.id, invitee.id);
      const revokeEvents = (await auditOf(org.id, 'invitation.revoked')).filter(
        (e) => e.targetId === invitation.id,
      );
      if (acceptOk) {
        outcomes.accepted++;
        expect(row.status).toBe('accepted');
        expect(members).toHaveLength(1);
        expect(members[0]!.role).toBe('admin');
        expect(revokeEvents).toHaveLength(0);
      } else {
        outcomes.revoked++;
        expect(row.status).toBe('revoked');
        expect(members).toHaveLength(0);
        expect(revokeEvents).toHaveLength(1);
      }
    }
    expect(outcomes.accepted + outcomes.revoked).toBe(10);
  });
});
