import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, auditEvents, memberships, type Account, type MemberRole } from '@/db/schema';
import {
  createOrganizationDefinition,
  leaveOrganizationDefinition,
  updateAccountDetailsDefinition,
} from '@/lib/accounts/actions';
import { AccessError, checkAccess } from '@/lib/authz/access';
import { LAST_OWNER_MESSAGE } from '@/lib/accounts/organizations';
import {
  actAs,
  auditEventsOf,
  createOrganization,
  createUser,
  expectOk,
  onlyAuditEvent,
  ownersOf,
  roleOf,
  rowCounts,
  type Members,
  type TestUser,
} from '@/test/factories';

// Issue 3: creating organizations, editing account details and leaving, through the one
// action core (zod → access → transaction → audit), on a real database (PGlite and, with
// DATABASE_URL, a PostgreSQL server where the concurrent leaves really race).

let db: Db;
const IP = '203.0.113.7';

beforeAll(async () => {
  db = await getDb();
});

/** Valid details, with surrounding spaces and a decomposed ü to exercise normalisation. */
const details = (overrides: Record<string, unknown> = {}) => ({
  name: '  Acme Corp  ',
  billingName: '  Acme Corp AG ',
  billingAddressLine1: ' Bahnhofstrasse 1 ',
  billingAddressLine2: '',
  billingPostalCode: ' 8001 ',
  billingCity: ' Zu\u0308rich ',
  billingCountry: 'CH',
  billingVatNumber: ' CHE-123.456.789 ',
  billingEmail: ' Billing@Acme.Example ',
  ...overrides,
});

async function accountRow(id: string): Promise<Account> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw new Error(`account ${id} not found`);
  return row;
}

const countRows = () => rowCounts(db, { accounts, memberships, auditEvents });

/** An organization created through the action by `creator` with `details()`, plus members. */
const createOrg = (creator: TestUser, others: Members = []) =>
  createOrganization(db, creator, others, { input: (name) => details({ name }), ip: IP });

const leave = (user: TestUser, accountId: string) =>
  actAs(user, leaveOrganizationDefinition, accountId, {}, IP);

describe('create an organization', () => {
  const create = (
    user: TestUser | null,
    accountId: string,
    input: unknown,
    ip: string | null = IP,
  ) => actAs(user, createOrganizationDefinition, accountId, input, ip);

  it('from the personal account: suspended, 0 CHF, normalised details, creator is owner, audited', async () => {
    const alice = await createUser(db, 'Alice');
    const name = `Acme ${randomUUID().slice(0, 8)}`;
    const result = await create(alice, alice.personalAccountId, details({ name: `  ${name}  ` }));
    const outcome = expectOk(result);
    expect(outcome.message).toContain(name);

    const [org] = await db
      .select()
      .from(accounts)
      .where(and(eq(accounts.name, name), eq(accounts.kind, 'organization')));
    expect(org).toBeDefined();
    expect(org).toMatchObject({
      kind: 'organization',
      name,
      status: 'suspended',
      balance: 0,
      currency: 'CHF',
      personalOwnerId: null,
      billingName: 'Acme Corp AG',
      billingAddressLine1: 'Bahnhofstrasse 1',
      billingAddressLine2: '',
      billingPostalCode: '8001',
      billingCity: 'Z\u00fcrich',
      billingCountry: 'CH',
      billingVatNumber: 'CHE-123.456.789',
      billingEmail: 'billing@acme.example',
    });

    const members = await db.select().from(memberships).where(eq(memberships.accountId, org!.id));
    expect(members.map((m) => [m.userId, m.role])).toEqual([[alice.id, 'owner']]);

    const events = await auditEventsOf(db, org!.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      accountId: org!.id,
      action: 'organization.created',
      actorUserId: alice.id,
      ip: IP,
      targetType: 'account',
      targetId: org!.id,
      metadata: { name, fromAccountId: alice.personalAccountId },
    });

    // The new organization is usable at once by its creator, as owner.
    const access = await checkAccess(alice.principal, org!.id, 'members.manage');
    expect(access.role).toBe('owner');
    // Nothing was written to the personal account's funds or audit trail by the creation.
    expect(await auditEventsOf(db, alice.personalAccountId, 'organization.created')).toHaveLength(
      0,
    );
    expect((await accountRow(alice.personalAccountId)).balance).toBe(0);
  });

  it('optional fields may be omitted', async () => {
    const alice = await createUser(db);
    const input: Record<string, unknown> = details();
    delete input.billingAddressLine2;
    delete input.billingVatNumber;
    const result = await create(alice, alice.personalAccountId, input, null);
    expectOk(result);
  });

  it.each<MemberRole>(['owner', 'admin', 'tech'])(
    'from an organization context (as %s): forbidden, nothing written',
    async (role) => {
      const owner = await createUser(db);
      const member = role === 'owner' ? owner : await createUser(db);
      const org = await createOrg(owner, role === 'owner' ? [] : [[member, role]]);
      const before = await countRows();
      const result = await create(member, org.id, details());
      expect(result).toEqual({ ok: false, kind: 'forbidden' });
      expect(await countRows()).toEqual(before);
    },
  );

  it('invalid input: field errors on exactly the bad fields, no rows anywhere', async () => {
    const alice = await createUser(db);
    const before = await countRows();
    const input: Record<string, unknown> = details({
      name: 'x'.repeat(101),
      billingCountry: 'XX',
      billingEmail: 'not-an-email',
    });
    delete input.billingCity;
    const result = await create(alice, alice.personalAccountId, input);
    if (result.ok || result.kind !== 'invalid') throw new Error(JSON.stringify(result));
    expect(Object.keys(result.fieldErrors).sort()).toEqual(
      ['billingCity', 'billingCountry', 'billingEmail', 'name'].sort(),
    );
    expect(result.fieldErrors.billingCity?.[0]).toMatch(/city/i);
    expect(result.fieldErrors.billingCountry?.[0]).toMatch(/country/i);
    expect(result.fieldErrors.billingEmail?.[0]).toMatch(/email/i);
    expect(result.fieldErrors.name?.[0]).toMatch(/100/);
    expect(await countRows()).toEqual(before);
  });

  it.each([
    ['blank name', { name: '   ' }, 'name'],
    ['blank city', { billingCity: ' ' }, 'billingCity'],
    ['lower-case country code', { billingCountry: 'ch' }, 'billingCountry'],
    ['control character', { billingAddressLine1: 'Line\u0000one' }, 'billingAddressLine1'],
    ['bad VAT number', { billingVatNumber: 'CHE<script>' }, 'billingVatNumber'],
  ])('invalid input: %s', async (_label, overrides, field) => {
    const alice = await createUser(db);
    const before = await countRows();
    const result = await create(alice, alice.personalAccountId, details(overrides));
    if (result.ok || result.kind !== 'invalid') throw new Error(JSON.stringify(result));
    expect(Object.keys(result.fieldErrors)).toEqual([field]);
    expect(await countRows()).toEqual(before);
  });

  it('unauthenticated or a stranger: refused, nothing written', async () => {
    const alice = await createUser(db);
    const mallory = await createUser(db);
    const before = await countRows();
    const anonymous = await create(null, alice.personalAccountId, details());
    expect(anonymous).toEqual({ ok: false, kind: 'unauthenticated' });
    const stranger = await create(mallory, alice.personalAccountId, details());
    expect(stranger).toEqual({ ok: false, kind: 'not_found' });
    expect(await countRows()).toEqual(before);
  });
});

describe('update account details', () => {
  const update = (user: TestUser, accountId: string, input: unknown) =>
    actAs(user, updateAccountDetailsDefinition, accountId, input, IP);

  it.each<MemberRole>(['owner', 'admin'])(
    'an organization %s can edit; audited with before/after',
    async (role) => {
      const owner = await createUser(db);
      const editor = role === 'owner' ? owner : await createUser(db);
      const org = await createOrg(owner, role === 'owner' ? [] : [[editor, role]]);
      const newName = `Renamed ${randomUUID().slice(0, 8)}`;
      const result = await update(
        editor,
        org.id,
        details({ name: ` ${newName} `, billingCity: 'Bern', billingPostalCode: '3011' }),
      );
      expect(expectOk(result).message).toBe('Details saved.');

      const after = await accountRow(org.id);
      expect(after).toEqual({
        ...org,
        name: newName,
        billingCity: 'Bern',
        billingPostalCode: '3011',
      });

      const event = await onlyAuditEvent(db, org.id, 'account.details_updated');
      expect(event).toMatchObject({
        actorUserId: editor.id,
        ip: IP,
        targetType: 'account',
        targetId: org.id,
      });
      expect(event.metadata).toEqual({
        changes: {
          name: { before: org.name, after: newName },
          billingCity: { before: 'Z\u00fcrich', after: 'Bern' },
          billingPostalCode: { before: '8001', after: '3011' },
        },
      });
    },
  );

  it('saving unchanged details writes an event with no changes', async () => {
    const owner = await createUser(db);
    const org = await createOrg(owner);
    const result = await update(owner, org.id, details({ name: org.name }));
    expect(expectOk(result).message).toBe('Nothing changed.');
    expect(await accountRow(org.id)).toEqual(org);
    const [event] = await auditEventsOf(db, org.id, 'account.details_updated');
    expect(event?.metadata).toEqual({ changes: {} });
  });

  it('a tech is forbidden: row unchanged, no audit event', async () => {
    const owner = await createUser(db);
    const tech = await createUser(db);
    const org = await createOrg(owner, [[tech, 'tech']]);
    const eventsBefore = await auditEventsOf(db, org.id);
    const result = await update(tech, org.id, details({ name: 'Hijacked', billingCity: 'Basel' }));
    expect(result).toEqual({ ok: false, kind: 'forbidden' });
    expect(await accountRow(org.id)).toEqual(org);
    expect(await auditEventsOf(db, org.id)).toEqual(eventsBefore);
  });

  it('a non-member gets not_found: row unchanged, no audit event', async () => {
    const owner = await createUser(db);
    const stranger = await createUser(db);
    const org = await createOrg(owner);
    const eventsBefore = await auditEventsOf(db, org.id);
    const result = await update(stranger, org.id, details({ name: 'Hijacked' }));
    expect(result).toEqual({ ok: false, kind: 'not_found' });
    expect(await accountRow(org.id)).toEqual(org);
    expect(await auditEventsOf(db, org.id)).toEqual(eventsBefore);
    // Nor can they reach someone's personal account.
    expect(await update(stranger, owner.personalAccountId, details())).toEqual({
      ok: false,
      kind: 'not_found',
    });
  });

  it('invalid input: field errors, nothing written', async () => {
    const owner = await createUser(db);
    const org = await createOrg(owner);
    const before = await countRows();
    const result = await update(owner, org.id, details({ billingEmail: 'nope', name: '' }));
    if (result.ok || result.kind !== 'invalid') throw new Error(JSON.stringify(result));
    expect(Object.keys(result.fieldErrors).sort()).toEqual(['billingEmail', 'name']);
    expect(await accountRow(org.id)).toEqual(org);
    expect(await countRows()).toEqual(before);
  });

  it('extra fields are ignored: status, balance, kind, id, owner and currency stay', async () => {
    const owner = await createUser(db);
    const admin = await createUser(db);
    const org = await createOrg(owner, [[admin, 'admin']]);
    const result = await update(
      admin,
      org.id,
      details({
        name: org.name,
        billingCity: 'Genève',
        status: 'active',
        balance: 999999,
        kind: 'personal',
        id: randomUUID(),
        personalOwnerId: admin.id,
        currency: 'EUR',
        createdAt: new Date(0).toISOString(),
      }),
    );
    expectOk(result);
    const after = await accountRow(org.id);
    expect(after).toEqual({ ...org, billingCity: 'Genève' });
    expect(after).toMatchObject({
      status: 'suspended',
      balance: 0,
      kind: 'organization',
      personalOwnerId: null,
      currency: 'CHF',
    });
    const [event] = await auditEventsOf(db, org.id, 'account.details_updated');
    expect(event?.metadata).toEqual({
      changes: { billingCity: { before: 'Z\u00fcrich', after: 'Genève' } },
    });
    // The admin's role is what it was: nothing about memberships is writable here.
    expect(await roleOf(db, org.id, admin.id)).toBe('admin');
  });

  it("a personal account: billing details change, the name stays the owner's", async () => {
    const bob = await createUser(db, 'Bob Example');
    const before = await accountRow(bob.personalAccountId);
    expect(before.name).toBe('Bob Example');
    const result = await update(
      bob,
      bob.personalAccountId,
      details({ name: 'Something Else', status: 'active', balance: 5 }),
    );
    expectOk(result);
    const after = await accountRow(bob.personalAccountId);
    expect(after).toEqual({
      ...before,
      billingName: 'Acme Corp AG',
      billingAddressLine1: 'Bahnhofstrasse 1',
      billingPostalCode: '8001',
      billingCity: 'Z\u00fcrich',
      billingCountry: 'CH',
      billingVatNumber: 'CHE-123.456.789',
      billingEmail: 'billing@acme.example',
    });
    expect(after.name).toBe('Bob Example');
    const [event] = await auditEventsOf(db, bob.personalAccountId, 'account.details_updated');
    expect(event).toMatchObject({ actorUserId: bob.id, ip: IP });
    const changes = (event?.metadata as { changes: Record<string, unknown> }).changes;
    expect(changes).not.toHaveProperty('name');
    expect(changes.billingCity).toEqual({ before: '', after: 'Z\u00fcrich' });
    expect(changes.billingCountry).toEqual({ before: null, after: 'CH' });
  });
});

describe('leave an organization', () => {
  it.each<MemberRole>(['tech', 'admin'])('a %s can leave; audited with the role', async (role) => {
    const owner = await createUser(db);
    const member = await createUser(db);
    const org = await createOrg(owner, [[member, role]]);
    const result = await leave(member, org.id);
    expect(expectOk(result).message).toBe(`You left ${org.name}.`);
    expect(await roleOf(db, org.id, member.id)).toBeNull();
    expect(await roleOf(db, org.id, owner.id)).toBe('owner');
    const event = await onlyAuditEvent(db, org.id, 'member.left');
    expect(event).toMatchObject({
      actorUserId: member.id,
      ip: IP,
      targetType: 'user',
      targetId: member.id,
      metadata: { role },
    });
  });

  it('an owner can leave when another owner remains', async () => {
    const a = await createUser(db);
    const b = await createUser(db);
    const org = await createOrg(a, [[b, 'owner']]);
    expectOk(await leave(a, org.id));
    expect(await ownersOf(db, org.id)).toEqual([b.id]);
    const [event] = await auditEventsOf(db, org.id, 'member.left');
    expect(event?.metadata).toEqual({ role: 'owner' });
  });

  it('the last owner is refused (even with other members): membership kept, no event', async () => {
    const owner = await createUser(db);
    const admin = await createUser(db);
    const org = await createOrg(owner, [[admin, 'admin']]);
    const before = await countRows();
    const result = await leave(owner, org.id);
    if (result.ok || result.kind !== 'rejected') throw new Error(JSON.stringify(result));
    expect(result.message).toMatch(/last owner/i);
    expect(result.message).toBe(LAST_OWNER_MESSAGE);
    expect(await roleOf(db, org.id, owner.id)).toBe('owner');
    expect(await auditEventsOf(db, org.id, 'member.left')).toHaveLength(0);
    expect(await countRows()).toEqual(before);
  });

  it('a personal account cannot be left: forbidden', async () => {
    const alice = await createUser(db);
    const before = await countRows();
    expect(await leave(alice, alice.personalAccountId)).toEqual({ ok: false, kind: 'forbidden' });
    expect(await roleOf(db, alice.personalAccountId, alice.id)).toBe('owner');
    expect(await countRows()).toEqual(before);
  });

  it('a non-member gets not_found', async () => {
    const owner = await createUser(db);
    const stranger = await createUser(db);
    const org = await createOrg(owner);
    expect(await leave(stranger, org.id)).toEqual({ ok: false, kind: 'not_found' });
  });

  it('after leaving, the organization no longer exists for the user', async () => {
    const owner = await createUser(db);
    const tech = await createUser(db);
    const org = await createOrg(owner, [[tech, 'tech']]);
    await checkAccess(tech.principal, org.id, 'account.view');
    expectOk(await leave(tech, org.id));
    await expect(checkAccess(tech.principal, org.id, 'account.view')).rejects.toEqual(
      new AccessError('not_found'),
    );
    await expect(checkAccess(tech.principal, org.id, 'account.view')).rejects.toMatchObject({
      reason: 'not_found',
    });
    // Leaving twice, or acting on it afterwards, is not_found too.
    expect(await leave(tech, org.id)).toEqual({ ok: false, kind: 'not_found' });
    expect(await actAs(tech, updateAccountDetailsDefinition, org.id, details(), IP)).toEqual({
      ok: false,
      kind: 'not_found',
    });
  });
});

describe('the last-owner rule under concurrency', () => {
  const ROUNDS = 10;

  it(`two owners leaving at the same moment leave exactly one owner (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await createUser(db, 'Owner A');
      const b = await createUser(db, 'Owner B');
      const tech = await createUser(db, 'Tech');
      const org = await createOrg(a, [
        [b, 'owner'],
        [tech, 'tech'],
      ]);

      const results = await Promise.all([leave(a, org.id), leave(b, org.id)]);

      const succeeded = results.filter((r) => r.ok);
      const rejected = results.filter((r) => !r.ok && r.kind === 'rejected');
      expect(succeeded, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      expect(rejected, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      const refusal = rejected[0];
      if (refusal && !refusal.ok && refusal.kind === 'rejected')
        expect(refusal.message).toMatch(/last owner/i);

      const remaining = await ownersOf(db, org.id);
      expect(remaining, `round ${round}`).toHaveLength(1);
      // The one who was refused is the one who remains.
      const loser = results[0]!.ok ? b : a;
      expect(remaining).toEqual([loser.id]);
      expect(await roleOf(db, org.id, tech.id)).toBe('tech');
      expect(await auditEventsOf(db, org.id, 'member.left'), `round ${round}`).toHaveLength(1);
    }
  });

  it('three owners leaving at once leave exactly one owner (5 rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await createUser(db, 'Owner A');
      const b = await createUser(db, 'Owner B');
      const c = await createUser(db, 'Owner C');
      const org = await createOrg(a, [
        [b, 'owner'],
        [c, 'owner'],
      ]);

      const results = await Promise.all([leave(a, org.id), leave(b, org.id), leave(c, org.id)]);

      expect(
        results.filter((r) => r.ok),
        `round ${round}: ${JSON.stringify(results)}`,
      ).toHaveLength(2);
      expect(
        results.filter((r) => !r.ok && r.kind === 'rejected'),
        `round ${round}: ${JSON.stringify(results)}`,
      ).toHaveLength(1);
      expect(await ownersOf(db, org.id), `round ${round}`).toHaveLength(1);
      expect(await auditEventsOf(db, org.id, 'member.left'), `round ${round}`).toHaveLength(2);
    }
  });
});
