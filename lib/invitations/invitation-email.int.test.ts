import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { accounts, emailOutbox, memberships } from '@/db/schema';
import { createOrganizationDefinition } from '@/lib/accounts/actions';
import { INVITATION_SUBJECT } from '@/lib/invitations/email';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import { actAs, createUser, expectOk, organizationDetails, uniqueEmail } from '@/test/factories';

// Organization and inviter names are chosen by whoever creates them, and invitation emails go
// to anyone: the names must not become a phishing line in someone's inbox.

let db: Db;
beforeAll(async () => {
  db = await getDb();
});

async function lastEmailTo(to: string) {
  const [row] = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, to))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  return row!;
}

describe('invitation emails', () => {
  it('have a generic subject, and the names in them are cleaned and not autolinkable', async () => {
    const owner = await createUser(db, 'Call \u202Emoc.live\u202C or visit pay.evil.example');
    expectOk(
      await actAs(
        owner,
        createOrganizationDefinition,
        owner.personalAccountId,
        { ...organizationDetails('Pay at evil.example\u202E Evil\nOrg') },
        null,
      ),
    );
    const [org] = await db
      .select({ id: accounts.id, name: accounts.name })
      .from(accounts)
      .innerJoin(memberships, eq(memberships.accountId, accounts.id))
      .where(and(eq(memberships.userId, owner.id), eq(accounts.kind, 'organization')));
    // Stored cleaned at input: no bidi override, no line break. (The owner was created below
    // the input schema, so their name reaches the email uncleaned: the email cleans it too.)
    expect(org?.name).toBe('Pay at evil.example Evil Org');

    const invitee = uniqueEmail('invitee');
    expectOk(
      await actAs(
        owner,
        inviteMembersDefinition,
        org!.id,
        { emails: invitee, role: 'owner' },
        null,
      ),
    );

    const email = await lastEmailTo(invitee);
    expect(email.subject).toBe(INVITATION_SUBJECT);
    expect(email.subject).not.toMatch(/evil|Call/);
    for (const body of [email.text, email.html]) {
      expect(body).not.toMatch(/evil\.example/);
      expect(body).not.toMatch(/pay\.evil/);
      expect(body).not.toContain('\u202E');
      const readable = body.replace(/\u2060/g, '').replace(/\s+/g, ' ');
      expect(readable).toContain('Pay at evil.example Evil Org');
    }
  });
});
