import { createHash, randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import {
  auditEvents,
  emailOutbox,
  invitations,
  memberships,
  type Invitation,
  type MemberRole,
} from '@/db/schema';
import { AccessError, checkAccess } from '@/lib/authz/access';
import { INVITATION_TTL_MS, MAX_INVITES_PER_REQUEST } from '@/lib/invitations/issue';
import { findInvitationByToken } from '@/lib/invitations/queries';
import { respondToInvitation } from '@/lib/invitations/respond';
import {
  inviteMembersDefinition,
  resendInvitationDefinition,
  revokeInvitationDefinition,
} from '@/lib/invitations/actions';
import { DomainError } from '@/lib/errors';
import {
  actAs,
  auditEventsOf,
  createOrganization,
  createUser,
  expectInvalid,
  expectOk,
  expectRejected,
  memberActions,
  membershipsOf,
  roleOf,
  rowCounts,
  rowsContaining,
  uniqueEmail,
  type TestUser,
} from '@/test/factories';

// Invitations by email, through the one action core (zod → access → transaction →
// audit → emails after commit) and the atomic accept/decline, on a real database (PGlite and,
// with DATABASE_URL, a PostgreSQL server where the parallel accepts and revokes really race).

let db: Db;
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

const invite = (actor: TestUser, accountId: string, emails: unknown, role: unknown = 'tech') =>
  actAs(actor, inviteMembersDefinition, accountId, { emails, role }, IP);

const resend = (actor: TestUser, accountId: string, invitationId: string) =>
  actAs(actor, resendInvitationDefinition, accountId, { invitationId }, IP);

const revoke = (actor: TestUser, accountId: string, invitationId: string) =>
  actAs(actor, revokeInvitationDefinition, accountId, { invitationId }, IP);

/** Invites a fresh address (or `address`) as `role`: the address and its pending invitation. */
async function invitePending(
  actor: TestUser,
  accountId: string,
  role: MemberRole,
  address = uniqueEmail(),
) {
  expectOk(await invite(actor, accountId, address, role));
  return { address, invitation: await invitationFor(accountId, address) };
}

const { changeRole, remove } = memberActions(IP);

const accept = (invitationId: string, user: { id: string; email: string }) =>
  db.transaction((tx) => respondToInvitation(tx, invitationId, user, 'accepted'));

const decline = (invitationId: string, user: { id: string; email: string }) =>
  db.transaction((tx) => respondToInvitation(tx, invitationId, user, 'declined'));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const countRows = () =>
  rowCounts(db, { invitations, memberships, auditEvents, emails: emailOutbox });

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
    const owner = await createUser(db, 'Olivia Owner');
    const orgName = '<a href=//evil>x</a>';
    const org = await createOrganization(db, owner, [], { name: orgName });
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
    const events = await auditEventsOf(db, org.id, 'invitation.created');
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
      expect(await rowsContaining(db, token), address).toEqual({ email_outbox: 1 });
      const allAudit = await db.select().from(auditEvents);
      expect(JSON.stringify(allAudit)).not.toContain(token);
      expect(JSON.stringify(allAudit)).not.toContain(row.tokenHash);

      // Names are escaped: the organization's name is text, not a link.
      expect(message.html).not.toContain('<a href=//evil>');
      expect(hrefs(message.html).filter((h) => h.includes('evil'))).toEqual([]);
      // Escaped by React, and made inert (word joiners after `/`).
      expect(message.html.replace(/\u2060/g, '')).toContain('&lt;a href=//evil&gt;x&lt;/a&gt;');
      expect(message.html).toContain('Olivia Owner');
      expect(message.html).toContain('Admin');
      expect(message.text.replace(/\u2060/g, '')).toContain(orgName);
      // Names stay out of the subject (a generic one; see invitation-email.int.test.ts).
      expect(message.subject).not.toContain('Olivia Owner');
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
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const many = Array.from({ length: MAX_INVITES_PER_REQUEST }, () => uniqueEmail('bulk'));
    expectOk(await invite(owner, org.id, many.join(';'), 'tech'));
    expect(await invitationsOf(org.id)).toHaveLength(MAX_INVITES_PER_REQUEST);
    expect(await auditEventsOf(db, org.id, 'invitation.created')).toHaveLength(
      MAX_INVITES_PER_REQUEST,
    );

    const org2 = await createOrganization(db, owner);
    const dup = uniqueEmail('dup');
    expectOk(await invite(owner, org2.id, `${dup}, ${dup.toUpperCase()} ${many[0]}`, 'tech'));
    expect((await invitationsOf(org2.id)).map((i) => i.email).sort()).toEqual(
      [dup, many[0]!].sort(),
    );
    expect(await emailsTo(dup)).toHaveLength(1);
  });

  it('malformed addresses are rejected one by one, quoting each; nothing written', async () => {
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const before = await countRows();
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
    expect(await countRows()).toEqual(before);
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
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const before = await countRows();
    // Called directly: the helper's default role must not fill in a missing one.
    const errors = expectInvalid(
      await actAs(owner, inviteMembersDefinition, org.id, { emails, role }, IP),
    );
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toHaveLength(1);
    if (_label.includes('addresses')) expect(errors.emails![0]).toMatch(/at most 20/);
    expect(await countRows()).toEqual(before);
  });

  it('an existing member is refused by name (any case); nothing written', async () => {
    const owner = await createUser(db);
    const tech = await createUser(db, 'Tess Tech');
    const org = await createOrganization(db, owner, [[tech, 'tech']]);
    const before = await countRows();
    const fresh = uniqueEmail();
    const message = expectRejected(
      await invite(owner, org.id, `${fresh}, ${tech.email.toUpperCase()}`, 'owner'),
    );
    expect(message).toContain(tech.email);
    expect(message).toMatch(/already a member/);
    expect(message).not.toContain(fresh);
    expect(await countRows()).toEqual(before);
    expect(await roleOf(db, org.id, tech.id)).toBe('tech');
    // The owner themself, too.
    expect(expectRejected(await invite(owner, org.id, owner.email))).toMatch(/already a member/);
  });

  it('an address with a pending invitation is refused; nothing written; the first stays valid', async () => {
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const { address, invitation: first } = await invitePending(owner, org.id, 'tech');
    const token = await tokenFromEmail(address);
    const before = await countRows();

    const other = uniqueEmail();
    const message = expectRejected(await invite(owner, org.id, `${other} ${address}`, 'admin'));
    expect(message).toContain(address);
    expect(message).toMatch(/pending invitation/);
    expect(await countRows()).toEqual(before);
    expect(await invitationById(first.id)).toEqual(first);
    expect((await findInvitationByToken(db, token))?.id).toBe(first.id);

    // Another owner inviting the same address gets the same answer.
    const coOwner = await createUser(db);
    await db.insert(memberships).values({ accountId: org.id, userId: coOwner.id, role: 'owner' });
    expect(expectRejected(await invite(coOwner, org.id, address))).toMatch(/pending invitation/);

    // The same address may be invited by another organization at the same time.
    const otherOrg = await createOrganization(db, owner);
    expectOk(await invite(owner, otherOrg.id, address, 'admin'));
  });

  it('an expired pending invitation is replaced by a new one; the old link is dead', async () => {
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const { address, invitation: old } = await invitePending(owner, org.id, 'tech');
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

    const invitee = await createUser(db, 'Invitee', address);
    await expect(accept(old.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await accept(fresh.id, invitee);
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
  });
});

describe('only owners manage invitations and members', () => {
  it.each<MemberRole>(['tech', 'admin'])(
    'a %s is forbidden to invite, resend, revoke, change roles or remove; nothing written',
    async (role) => {
      const owner = await createUser(db);
      const member = await createUser(db);
      const other = await createUser(db);
      const org = await createOrganization(db, owner, [
        [member, role],
        [other, 'tech'],
      ]);
      const { invitation: pending } = await invitePending(owner, org.id, 'tech');
      const before = await countRows();
      const membersBefore = await membershipsOf(db, org.id);

      const results = [
        await invite(member, org.id, uniqueEmail(), 'owner'),
        await invite(member, org.id, uniqueEmail(), 'tech'),
        await resend(member, org.id, pending.id),
        await revoke(member, org.id, pending.id),
        await changeRole(member, org.id, member.id, 'owner'),
        await changeRole(member, org.id, owner.id, 'tech'),
        await remove(member, org.id, other.id),
        await remove(member, org.id, owner.id),
      ];
      for (const result of results) expect(result).toEqual({ ok: false, kind: 'forbidden' });
      expect(await countRows()).toEqual(before);
      expect(await invitationById(pending.id)).toEqual(pending);
      expect(await membershipsOf(db, org.id)).toEqual(membersBefore);
    },
  );

  it('a non-member gets not_found for every action; an anonymous caller is unauthenticated', async () => {
    const owner = await createUser(db);
    const stranger = await createUser(db);
    const org = await createOrganization(db, owner);
    const { invitation: pending } = await invitePending(owner, org.id, 'tech');
    const before = await countRows();

    const asStranger = [
      await invite(stranger, org.id, uniqueEmail(), 'tech'),
      await resend(stranger, org.id, pending.id),
      await revoke(stranger, org.id, pending.id),
      await changeRole(stranger, org.id, owner.id, 'tech'),
      await remove(stranger, org.id, owner.id),
    ];
    for (const result of asStranger) expect(result).toEqual({ ok: false, kind: 'not_found' });
    expect(
      await actAs(
        null,
        inviteMembersDefinition,
        org.id,
        { emails: uniqueEmail(), role: 'tech' },
        IP,
      ),
    ).toEqual({ ok: false, kind: 'unauthenticated' });
    expect(await countRows()).toEqual(before);
    expect(await invitationById(pending.id)).toEqual(pending);
  });

  it('a personal account invites nobody', async () => {
    const alice = await createUser(db);
    const before = await countRows();
    expect(await invite(alice, alice.personalAccountId, uniqueEmail(), 'tech')).toEqual({
      ok: false,
      kind: 'forbidden',
    });
    expect(await countRows()).toEqual(before);
  });

  it("an owner cannot resend or revoke another organization's invitation by its id", async () => {
    const ownerA = await createUser(db);
    const ownerB = await createUser(db);
    const orgA = await createOrganization(db, ownerA);
    const orgB = await createOrganization(db, ownerB);
    const { address, invitation: pending } = await invitePending(ownerA, orgA.id, 'tech');
    const before = await countRows();
    expectRejected(await resend(ownerB, orgB.id, pending.id));
    expectRejected(await revoke(ownerB, orgB.id, pending.id));
    expect(await invitationById(pending.id)).toEqual(pending);
    expect(await countRows()).toEqual(before);
    expect(await emailsTo(address)).toHaveLength(1);
  });
});

describe('resend and revoke', () => {
  it('resend: a new token by email, the old one is dead, the expiry is renewed', async () => {
    const owner = await createUser(db, 'Olivia Owner');
    const coOwner = await createUser(db, 'Carl Co-owner');
    const org = await createOrganization(db, owner, [[coOwner, 'owner']]);
    const { address, invitation: original } = await invitePending(owner, org.id, 'admin');
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
    expect(await rowsContaining(db, newToken)).toEqual({ email_outbox: 1 });
    expect(await rowsContaining(db, oldToken)).toEqual({ email_outbox: 1 });

    const [event] = await auditEventsOf(db, org.id, 'invitation.resent');
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
    const invitee = await createUser(db, 'Invitee', address);
    await accept(original.id, invitee);
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
    // Once accepted, it can be neither resent nor revoked.
    expect(expectRejected(await resend(owner, org.id, original.id))).toMatch(/no longer pending/);
    expect(expectRejected(await revoke(owner, org.id, original.id))).toMatch(/no longer pending/);
  });

  it('revoke: status revoked, audited, the token opens nothing that can be accepted', async () => {
    const owner = await createUser(db);
    const coOwner = await createUser(db);
    const org = await createOrganization(db, owner, [[coOwner, 'owner']]);
    const { address, invitation: pending } = await invitePending(owner, org.id, 'tech');
    const token = await tokenFromEmail(address);
    const emailsBefore = (await emailsTo(address)).length;

    expect(expectOk(await revoke(coOwner, org.id, pending.id)).message).toContain(address);
    const revoked = await invitationById(pending.id);
    expect(revoked.status).toBe('revoked');
    expect(revoked.respondedAt).not.toBeNull();
    expect((await findInvitationByToken(db, token))?.status).toBe('revoked');
    expect(await emailsTo(address)).toHaveLength(emailsBefore); // no email on revoke
    const [event] = await auditEventsOf(db, org.id, 'invitation.revoked');
    expect(event).toMatchObject({
      actorUserId: coOwner.id,
      targetId: pending.id,
      metadata: { email: address, role: 'tech' },
    });

    const invitee = await createUser(db, 'Invitee', address);
    await expect(accept(pending.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await expect(accept(pending.id, invitee)).rejects.toThrow(/no longer valid/);
    await expect(decline(pending.id, invitee)).rejects.toBeInstanceOf(DomainError);
    expect(await roleOf(db, org.id, invitee.id)).toBeNull();
    expect((await invitationById(pending.id)).status).toBe('revoked');
    // Revoking or resending again is refused.
    expectRejected(await revoke(owner, org.id, pending.id));
    expectRejected(await resend(owner, org.id, pending.id));
    // The address can be invited again.
    expectOk(await invite(owner, org.id, address, 'admin'));
  });

  it('resend or revoke of an unknown id, or a malformed one', async () => {
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    expectRejected(await resend(owner, org.id, randomUUID()));
    expectRejected(await revoke(owner, org.id, randomUUID()));
    expect(Object.keys(expectInvalid(await revoke(owner, org.id, 'not-a-uuid')))).toEqual([
      'invitationId',
    ]);
  });
});

describe('accepting and declining', () => {
  async function invited(role: MemberRole = 'admin') {
    const owner = await createUser(db, 'Olivia Owner');
    const org = await createOrganization(db, owner);
    const { address, invitation } = await invitePending(owner, org.id, role);
    return { owner, org, address, invitation };
  }

  it('only the user with the invited email can accept; others are refused and it stays pending', async () => {
    const { org, address, invitation } = await invited('admin');
    const mallory = await createUser(db, 'Mallory');
    const before = await countRows();
    await expect(accept(invitation.id, mallory)).rejects.toBeInstanceOf(DomainError);
    await expect(accept(invitation.id, mallory)).rejects.toThrow(/different email/);
    await expect(decline(invitation.id, mallory)).rejects.toThrow(/different email/);
    // Claiming the invited address in the request does not help: the row is the truth, and a
    // caller passes the signed-in user's own (verified) address.
    expect(await roleOf(db, org.id, mallory.id)).toBeNull();
    expect(await invitationById(invitation.id)).toEqual(invitation);
    expect(await countRows()).toEqual(before);

    // The invitee, whatever the case of their address, accepts; role and org from the row.
    const invitee = await createUser(db, 'Ivy Invitee', address);
    const claimed = await accept(invitation.id, { id: invitee.id, email: address.toUpperCase() });
    expect(claimed).toMatchObject({ accountId: org.id, role: 'admin', status: 'accepted' });
    const after = await invitationById(invitation.id);
    expect(after).toMatchObject({ status: 'accepted', respondedByUserId: invitee.id });
    expect(after.respondedAt).not.toBeNull();
    expect(await roleOf(db, org.id, invitee.id)).toBe('admin');
    expect(await membershipsOf(db, org.id, invitee.id)).toHaveLength(1);
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
    expect(await roleOf(db, invitee.personalAccountId, invitee.id)).toBe('owner');
  });

  it('single use: a second accept (or decline) is refused, nothing more is created', async () => {
    const { org, address, invitation } = await invited('tech');
    const invitee = await createUser(db, 'Invitee', address);
    await accept(invitation.id, invitee);
    const before = await countRows();
    await expect(accept(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await expect(decline(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    expect(await countRows()).toEqual(before);
    expect(await membershipsOf(db, org.id, invitee.id)).toHaveLength(1);
    expect((await invitationById(invitation.id)).status).toBe('accepted');
  });

  it('expired: refused with "expired", nothing created, still pending (so it can be resent)', async () => {
    const { owner, org, address, invitation } = await invited('tech');
    const invitee = await createUser(db, 'Invitee', address);
    await expireInvitation(invitation.id);
    const expired = await invitationById(invitation.id);
    const before = await countRows();
    await expect(accept(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    await expect(accept(invitation.id, invitee)).rejects.toThrow(/expired/);
    await expect(decline(invitation.id, invitee)).rejects.toThrow(/expired/);
    expect(await countRows()).toEqual(before);
    expect(await roleOf(db, org.id, invitee.id)).toBeNull();
    expect(await invitationById(invitation.id)).toEqual(expired);

    // The owner resends; the new link works.
    expectOk(await resend(owner, org.id, invitation.id));
    await accept(invitation.id, invitee);
    expect(await roleOf(db, org.id, invitee.id)).toBe('tech');
  });

  it('decline: status declined, no membership; it can be neither accepted nor revoked after', async () => {
    const { owner, org, address, invitation } = await invited('owner');
    const invitee = await createUser(db, 'Invitee', address);
    const declined = await decline(invitation.id, invitee);
    expect(declined.status).toBe('declined');
    const row = await invitationById(invitation.id);
    expect(row).toMatchObject({ status: 'declined', respondedByUserId: invitee.id });
    expect(await roleOf(db, org.id, invitee.id)).toBeNull();
    await expect(accept(invitation.id, invitee)).rejects.toBeInstanceOf(DomainError);
    expect(await roleOf(db, org.id, invitee.id)).toBeNull();
    expectRejected(await revoke(owner, org.id, invitation.id));
    // A declined invitation does not block a new one.
    expectOk(await invite(owner, org.id, address, 'tech'));
  });

  it('an unknown invitation id is refused', async () => {
    const user = await createUser(db);
    await expect(accept(randomUUID(), user)).rejects.toThrow(/does not exist/);
  });
});

describe('accepting under concurrency', () => {
  it('20 parallel accepts of one invitation: exactly one wins, one membership', async () => {
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const { address, invitation } = await invitePending(owner, org.id, 'tech');
    const invitee = await createUser(db, 'Invitee', address);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => accept(invitation.id, invitee)),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(DomainError);
    expect(await membershipsOf(db, org.id, invitee.id)).toHaveLength(1);
    expect(await roleOf(db, org.id, invitee.id)).toBe('tech');
    expect((await invitationById(invitation.id)).status).toBe('accepted');
  });

  it('accept racing revoke: one or the other, never both or neither (10 rounds)', async () => {
    const owner = await createUser(db);
    const org = await createOrganization(db, owner);
    const outcomes = { accepted: 0, revoked: 0 };
    for (let round = 0; round < 10; round++) {
      const { address, invitation } = await invitePending(
        owner,
        org.id,
        'admin',
        uniqueEmail(`race${round}`),
      );
      const invitee = await createUser(db, 'Invitee', address);

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
      const members = await membershipsOf(db, org.id, invitee.id);
      const revokeEvents = (await auditEventsOf(db, org.id, 'invitation.revoked')).filter(
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
