import type { Db, DbOrTx } from '@/db/client';
import type { MemberRole, User } from '@/db/schema';
import { lockAccountRow } from '@/lib/accounts/lock';
import { createOrganization } from '@/lib/accounts/organizations';
import { searchUserAccounts } from '@/lib/accounts/menu';
import { accountDetailsSchema, type AccountDetails } from '@/lib/accounts/schemas';
import { signUpMany } from '@/lib/auth/sign-up-many';
import { signUp } from '@/lib/auth/users';
import { createInvitations } from '@/lib/invitations/issue';
import { listAccountInvitations } from '@/lib/invitations/queries';
import { addMembers } from '@/lib/members/members';
import {
  ACME_ID,
  DEMO_PASSWORD,
  GLACIER_ID,
  GLACIER_MEMBER_COUNT,
  MANY_ORGS_COUNT,
  PENDING_INVITEE,
} from './demo';

// The demo's people and organizations, made the way the product makes them: users through
// sign-up, organizations through createOrganization (their first member is the creator and
// owner), members added to them, invitations issued. Each step leaves what exists alone.

/** Who the seed has signed up so far, and the one password hash they all share. */
export interface SeedPeople {
  passwordHash: string;
  created: string[];
  alice: User;
  chloe: User;
  theo: User;
}

/** An organization's members, its creator (an owner) first. */
export type SeedMembers = Array<[{ id: string }, MemberRole]>;

/** Signs up a verified demo user unless the address exists; notes who was created. */
export async function ensureUser(
  db: Db,
  people: Pick<SeedPeople, 'passwordHash' | 'created'>,
  who: { name: string; email: string },
): Promise<User> {
  const result = await db.transaction((tx) =>
    signUp(tx, {
      ...who,
      password: DEMO_PASSWORD,
      passwordHash: people.passwordHash,
      verified: true,
    }),
  );
  if (result.status === 'created') people.created.push(who.email);
  return result.user;
}

/** The billing address of demo organizations that do not name their own. */
const DEMO_ADDRESS = {
  billingAddressLine1: 'Bahnhofplatz 3',
  billingPostalCode: '3011',
  billingCity: 'Bern',
  billingCountry: 'CH',
};

type SeedDetails = Partial<AccountDetails> & Pick<AccountDetails, 'name' | 'billingEmail'>;

/**
 * Creates the organization with this fixed id unless it exists, then adds the members it
 * lacks. The details pass the details form's schema. True when it was created.
 */
export async function ensureOrganization(
  tx: DbOrTx,
  id: string,
  details: SeedDetails,
  members: SeedMembers,
): Promise<boolean> {
  const [creator, ...others] = members;
  if (!creator || creator[1] !== 'owner') throw new Error(`${details.name}: an owner creates it`);
  const exists = await lockAccountRow(tx, id);
  if (!exists) {
    const parsed = accountDetailsSchema.parse({
      billingName: details.name,
      ...DEMO_ADDRESS,
      ...details,
    });
    await createOrganization(tx, creator[0].id, parsed, { id });
  }
  await addMembers(
    tx,
    id,
    others.map(([user, role]) => ({ userId: user.id, role })),
  );
  return !exists;
}

const ACME_DETAILS = {
  name: 'Acme Corp',
  billingName: 'Acme Corp AG',
  billingAddressLine1: 'Bahnhofstrasse 42',
  billingPostalCode: '8001',
  billingCity: 'Zürich',
  billingCountry: 'CH',
  billingVatNumber: 'CHE-123.456.789',
  billingEmail: 'billing@acme.example',
};

/** Acme Corp with the three demo users in their roles, and its pending invitation. */
export async function seedAcme(db: Db, team: SeedMembers) {
  await db.transaction(async (tx) => {
    await ensureOrganization(tx, ACME_ID, ACME_DETAILS, team);
    const invitations = await listAccountInvitations(tx, ACME_ID);
    if (invitations.some((invitation) => invitation.email === PENDING_INVITEE)) return;
    // Its link is known to nobody: an owner resends it to get a working one.
    await createInvitations(tx, {
      accountId: ACME_ID,
      invitedByUserId: team[0]![0].id,
      role: 'admin',
      emails: [PENDING_INVITEE],
    });
  });
}

const FIRST_NAMES = [
  'Anna',
  'Luca',
  'Sofia',
  'Noah',
  'Lea',
  'Elias',
  'Mila',
  'Leon',
  'Emma',
  'Jonas',
];
const LAST_NAMES = ['Meier', 'Müller', 'Rossi', 'Dubois', 'Schmid', 'Keller', 'Weber', 'Huber'];
const GLACIER_ROLES: MemberRole[] = ['tech', 'tech', 'admin', 'tech', 'owner'];

/** Glacier Works: alice owns it, with GLACIER_MEMBER_COUNT generated members in mixed roles. */
export async function seedGlacier(db: Db, people: SeedPeople) {
  await db.transaction(async (tx) => {
    const details = {
      name: 'Glacier Works',
      billingName: 'Glacier Works SA',
      billingAddressLine1: 'Avenue de la Gare 10',
      billingPostalCode: '1950',
      billingCity: 'Sion',
      billingEmail: 'finance@glacier.example',
    };
    if (!(await ensureOrganization(tx, GLACIER_ID, details, [[people.alice, 'owner']]))) return;
    const generated = Array.from({ length: GLACIER_MEMBER_COUNT }, (_, i) => {
      const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
      const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
      const n = String(i + 1).padStart(3, '0');
      return { name: `${first} ${last} ${n}`, email: `member${n}@glacier.example` };
    });
    const users = await signUpMany(tx, generated, people.passwordHash);
    await addMembers(
      tx,
      GLACIER_ID,
      users.map((user, i) => ({ userId: user.id, role: GLACIER_ROLES[i % GLACIER_ROLES.length]! })),
    );
  });
}

/**
 * The scale case: `mia` in MANY_ORGS_COUNT organizations, as Owner, Tech and Admin in turn;
 * `sven` creates (and owns) those where she is not the owner. Adds only the missing ones.
 */
export async function seedManyOrganizations(db: Db, mia: User, sven: User) {
  const { total } = await searchUserAccounts(db, mia.id, { limit: 1 });
  const have = total - 1; // minus her personal account
  const roles: MemberRole[] = ['owner', 'tech', 'admin'];
  await db.transaction(async (tx) => {
    for (let i = Math.max(0, have); i < MANY_ORGS_COUNT; i++) {
      const role = roles[i % roles.length]!;
      const details = accountDetailsSchema.parse({
        ...DEMO_ADDRESS,
        name: `Scale Org ${String(i + 1).padStart(3, '0')}`,
        billingName: `Scale Org ${i + 1} Ltd`,
        billingEmail: mia.email,
      });
      const org = await createOrganization(tx, role === 'owner' ? mia.id : sven.id, details);
      if (role !== 'owner') await addMembers(tx, org.id, [{ userId: mia.id, role }]);
    }
  });
}
