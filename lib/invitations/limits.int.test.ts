import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { auditEvents, emailOutbox, invitations, rateLimits } from '@/db/schema';
import { inviteMembersDefinition, resendInvitationDefinition } from '@/lib/invitations/actions';
import { INVITATION_RATE_LIMITS } from '@/lib/security/rate-limit';
import {
  actAs,
  createOrganization,
  createUser,
  expectOk,
  expectRejected,
  rowCounts,
  uniqueEmail,
  type TestUser,
} from '@/test/factories';

// Invitation emails are rate limited (a sign-up and an organization must not make a spam relay
// with attacker-chosen names): per organization 100 and per inviter 200 per 24 hours, and at
// most 3 resends per invitation per hour. Refused requests write nothing, not even a count.

let db: Db;
const IP = '203.0.113.77';
const { emailsPerAccount, emailsPerInviter, resendsPerInvitation } = INVITATION_RATE_LIMITS;

beforeAll(async () => {
  db = await getDb();
});

const invite = (actor: TestUser, accountId: string, emails: string[]) =>
  actAs(actor, inviteMembersDefinition, accountId, { emails: emails.join(', '), role: 'tech' }, IP);

const resend = (actor: TestUser, accountId: string, invitationId: string) =>
  actAs(actor, resendInvitationDefinition, accountId, { invitationId }, IP);

const addresses = (n: number) => Array.from({ length: n }, () => uniqueEmail('invitee'));

/** Invites `n` fresh addresses in requests of at most 20. */
async function inviteMany(actor: TestUser, accountId: string, n: number) {
  for (let left = n; left > 0; left -= 20) {
    expectOk(await invite(actor, accountId, addresses(Math.min(20, left))));
  }
}

const written = () => rowCounts(db, { invitations, auditEvents, emailOutbox, rateLimits });

async function counter(name: string, subject: string) {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(eq(rateLimits.key, `${name}:${subject}`));
  return row?.count ?? 0;
}

async function pendingInvitations(accountId: string) {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), eq(invitations.status, 'pending')));
}

describe('invitation emails per organization', () => {
  it('refuses the 101st invitation of a day, and a batch that does not fit whole, writing nothing', async () => {
    expect(emailsPerAccount.limit).toBe(100);
    const owner = await createUser(db, 'Busy Owner');
    const org = await createOrganization(db, owner);

    await inviteMany(owner, org.id, 90);
    expect(await counter(emailsPerAccount.name, org.id)).toBe(90);

    // 90 + 20 > 100: the whole batch is refused, and it says what still fits and when.
    let before = await written();
    const batch = expectRejected(await invite(owner, org.id, addresses(20)));
    expect(batch).toBe(
      'This organization can send at most 100 invitation emails per 24 hours, and only 10 more fit for now. Try again in 24 hours.',
    );
    expect(await written()).toEqual(before);
    expect(await counter(emailsPerAccount.name, org.id)).toBe(90);

    // Exactly up to the limit is allowed.
    expectOk(await invite(owner, org.id, addresses(10)));
    expect(await pendingInvitations(org.id)).toHaveLength(100);
    expect(await counter(emailsPerAccount.name, org.id)).toBe(100);

    // The 101st: refused, nothing written (no invitation, audit event, email, or count).
    before = await written();
    const refused = expectRejected(await invite(owner, org.id, [uniqueEmail('one-more')]));
    expect(refused).toMatch(/at most 100 invitation emails per 24 hours, and none are left/);
    expect(refused).toMatch(/Try again in \d+ hours\.$/);
    expect(await written()).toEqual(before);
    expect(await counter(emailsPerAccount.name, org.id)).toBe(100);
    expect(await pendingInvitations(org.id)).toHaveLength(100);

    // A resend is an invitation email too.
    const [pending] = await pendingInvitations(org.id);
    expect(expectRejected(await resend(owner, org.id, pending!.id))).toMatch(
      /at most 100 invitation emails per 24 hours/,
    );
    expect(await written()).toEqual(before);

    // The next day (the window moved into the past) the budget is back.
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '24 hours 1 second'` })
      .where(eq(rateLimits.key, `${emailsPerAccount.name}:${org.id}`));
    expectOk(await invite(owner, org.id, [uniqueEmail('next-day')]));
    expect(await counter(emailsPerAccount.name, org.id)).toBe(1);
  });

  it('holds under simultaneous requests: exactly the invitations that fit are sent', async () => {
    const owner = await createUser(db, 'Hasty Owner');
    const org = await createOrganization(db, owner);
    await inviteMany(owner, org.id, 30);
    // 7 × 10 more = 100 fit, the other 3 requests are refused whole.
    const results = await Promise.all(
      Array.from({ length: 10 }, () => invite(owner, org.id, addresses(10))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    for (const r of results.filter((r) => !r.ok)) {
      expect(expectRejected(r)).toMatch(/^This organization can send at most 100/);
    }
    expect(await pendingInvitations(org.id)).toHaveLength(100);
    expect(await counter(emailsPerAccount.name, org.id)).toBe(100);
  });

  it('is per organization: another organization is unaffected, the inviter has a budget of their own', async () => {
    expect(emailsPerInviter.limit).toBe(200);
    const owner = await createUser(db, 'Serial Founder');
    const first = await createOrganization(db, owner);
    const second = await createOrganization(db, owner);
    const third = await createOrganization(db, owner);
    const other = await createUser(db, 'Other Owner');
    const otherOrg = await createOrganization(db, other);

    await inviteMany(owner, first.id, 100);
    expect(expectRejected(await invite(owner, first.id, [uniqueEmail()]))).toMatch(
      /^This organization can send at most 100/,
    );

    // Another organization, of another owner or of the same one, still invites.
    expectOk(await invite(other, otherOrg.id, addresses(20)));
    await inviteMany(owner, second.id, 100);
    expect(await counter(emailsPerInviter.name, owner.id)).toBe(200);

    // The inviter's own daily budget (200) is spent now, in every organization.
    const before = await written();
    expect(expectRejected(await invite(owner, third.id, [uniqueEmail()]))).toMatch(
      /^You can send at most 200 invitation emails per 24 hours, and none are left for now\. Try again in \d+ hours\.$/,
    );
    expect(await written()).toEqual(before);
    expect(await pendingInvitations(third.id)).toHaveLength(0);
    expect(await counter(emailsPerAccount.name, third.id)).toBe(0);
  });
});

describe('resending an invitation', () => {
  it('refuses the 4th resend of an invitation within the hour, writing nothing', async () => {
    expect(resendsPerInvitation.limit).toBe(3);
    const owner = await createUser(db, 'Resending Owner');
    const org = await createOrganization(db, owner);
    const address = uniqueEmail('mail-bomb-target');
    expectOk(await invite(owner, org.id, [address]));
    expectOk(await invite(owner, org.id, [uniqueEmail('bystander')]));
    const [target, bystander] = [
      ...(await pendingInvitations(org.id)).filter((i) => i.email === address),
      ...(await pendingInvitations(org.id)).filter((i) => i.email !== address),
    ];

    for (let i = 0; i < 3; i++) expectOk(await resend(owner, org.id, target!.id));
    const [afterThree] = await db.select().from(invitations).where(eq(invitations.id, target!.id));
    const before = await written();

    const refused = expectRejected(await resend(owner, org.id, target!.id));
    expect(refused).toMatch(
      /^An invitation can be resent at most 3 times per hour\. Try again in \d+ minutes\.$/,
    );
    // Nothing changed: same link (token and expiry), no email, no audit event, no count.
    expect(await written()).toEqual(before);
    const [afterFour] = await db.select().from(invitations).where(eq(invitations.id, target!.id));
    expect(afterFour).toEqual(afterThree);
    expect(await counter(resendsPerInvitation.name, target!.id)).toBe(3);
    // Original + 3 resends, each counted against the organization's daily budget.
    expect(await counter(emailsPerAccount.name, org.id)).toBe(5);

    // Another invitation can still be resent.
    expectOk(await resend(owner, org.id, bystander!.id));

    // An hour later, the target can be resent again.
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '1 hour 1 second'` })
      .where(eq(rateLimits.key, `${resendsPerInvitation.name}:${target!.id}`));
    expectOk(await resend(owner, org.id, target!.id));
  });
});
