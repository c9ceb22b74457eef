import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invitations, type Account } from '@/db/schema';
import { inviteMembersDefinition } from '@/lib/invitations/actions';
import {
  actAs,
  createOrganization,
  createUser,
  expectOk,
  uniqueEmail,
  type TestUser,
} from './factories';
import type { MatrixObjects } from './registry';

// A small world for the authorization matrix and the fuzz tests: organization A with two
// owners, a tech, an admin, a tech member to act on and a pending invitation; organization B
// of two other owners (the outsiders). Everything is made through the domain functions.

export interface World {
  orgA: Account;
  orgB: Account;
  ownerA: TestUser;
  coOwnerA: TestUser;
  techA: TestUser;
  adminA: TestUser;
  /** The invitee of A's pending invitation (signed up with the invited address). */
  invitee: TestUser;
  outsider: TestUser;
  /** Objects of organization A that actions name. */
  objectsA: MatrixObjects;
}

export async function buildWorld(db: Db): Promise<World> {
  const ownerA = await createUser(db, 'Owner A');
  const [coOwnerA, techA, adminA, target, outsider, coOutsider, invitee] = await Promise.all(
    ['Co-owner A', 'Tech A', 'Admin A', 'Target A', 'Outsider', 'Co-outsider', 'Invitee'].map(
      (name) => createUser(db, name),
    ),
  );
  const orgA = await createOrganization(db, ownerA, [
    [coOwnerA!, 'owner'],
    [techA!, 'tech'],
    [adminA!, 'admin'],
    [target!, 'tech'],
  ]);
  const orgB = await createOrganization(db, outsider!, [[coOutsider!, 'owner']]);
  expectOk(
    await actAs(
      ownerA,
      inviteMembersDefinition,
      orgA.id,
      { emails: invitee!.email, role: 'admin' },
      null,
    ),
  );
  const [invitation] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.accountId, orgA.id), eq(invitations.email, invitee!.email)));
  if (!invitation) throw new Error('invitation not created');
  return {
    orgA,
    orgB,
    ownerA,
    coOwnerA: coOwnerA!,
    techA: techA!,
    adminA: adminA!,
    invitee: invitee!,
    outsider: outsider!,
    objectsA: { memberId: target!.id, invitationId: invitation.id },
  };
}

/** An address nobody has: for inputs that must not reach anyone. */
export const nobodyEmail = () => uniqueEmail('nobody');

/**
 * A digest of every row of every table of the application (one query): equal snapshots mean
 * nothing was written or deleted in between; a difference names the table.
 */
export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await db.execute<{ name: string }>(sql`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`);
  const perTable = tables.map(
    ({ name }) =>
      sql`select ${name}::text as name, count(*)::text || ' rows ' ||
            coalesce(md5(string_agg(t::text, E'\n' order by t::text)), '') as digest
          from ${sql.identifier(name)} t`,
  );
  const { rows } = await db.execute<{ name: string; digest: string }>(
    sql.join(perTable, sql` union all `),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}
