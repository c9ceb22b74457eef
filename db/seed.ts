import { and, count, eq } from 'drizzle-orm';
import { INVITATION_TTL_MS } from '@/lib/invitations/issue';
import { generateToken, hashToken } from '@/lib/auth/tokens';
import { hashPassword } from '@/lib/auth/password';
import { signUp } from '@/lib/auth/users';
import { seedBilling } from './seed-billing';
import { closeDb, getDatabase, type Db } from './client';
import { accounts, invitations, memberships, users, type MemberRole } from './schema';

/** The demo logins listed in the README. */
export const DEMO_PASSWORD = 'alpenglow-demo';
export const DEMO_USERS = [
  { name: 'Alice Martin', email: 'alice@example.com', acmeRole: 'owner' },
  { name: 'Bruno Keller', email: 'bruno@example.com', acmeRole: 'tech' },
  { name: 'Chloé Favre', email: 'chloe@example.com', acmeRole: 'admin' },
] as const satisfies ReadonlyArray<{ name: string; email: string; acmeRole: MemberRole }>;

/** Fixed ids keep the seed idempotent. */
export const ACME_ID = 'ac000000-0000-4000-8000-000000000001';

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

export const MANY_ORGS_USER = { name: 'Mia Many', email: 'many@example.com' };

/** A large organization, so the Users page's search and pagination show at once. */
export const GLACIER_ID = 'ac000000-0000-4000-8000-000000000002';
export const GLACIER_MEMBER_COUNT = 300;
export const PENDING_INVITEE = 'dana@example.com';
export const MANY_ORGS_COUNT = 500;

async function ensureUser(db: Db, who: { name: string; email: string }, passwordHash: string) {
  const result = await db.transaction((tx) =>
    signUp(tx, { ...who, password: DEMO_PASSWORD, passwordHash, verified: true }),
  );
  return { user: result.user, created: result.status === 'created' };
}

/** Idempotent: creates what is missing, leaves what exists. */
export async function seed(
  db: Db,
  options: { manyOrgs?: boolean } = {},
): Promise<{ created: string[] }> {
  const created: string[] = [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db
    .insert(accounts)
    .values({ id: ACME_ID, kind: 'organization', status: 'suspended', ...ACME_DETAILS })
    .onConflictDoNothing();
  for (const demo of DEMO_USERS) {
    const { user, created: isNew } = await ensureUser(db, demo, passwordHash);
    if (isNew) created.push(demo.email);
    await db
      .insert(memberships)
      .values({ accountId: ACME_ID, userId: user.id, role: demo.acmeRole })
      .onConflictDoNothing();
  }
  await ensureLargeOrganization(db, passwordHash);
  await ensurePendingInvitation(db);
  if (options.manyOrgs) {
    const { user, created: isNew } = await ensureUser(db, MANY_ORGS_USER, passwordHash);
    if (isNew) created.push(MANY_ORGS_USER.email);
    await ensureManyOrganizations(db, user.id);
  }
  created.push(...(await seedBilling(db)).created);
  return { created };
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

async function ensureLargeOrganization(db: Db, passwordHash: string) {
  const inserted = await db
    .insert(accounts)
    .values({
      id: GLACIER_ID,
      kind: 'organization',
      status: 'suspended',
      name: 'Glacier Works',
      billingName: 'Glacier Works SA',
      billingAddressLine1: 'Avenue de la Gare 10',
      billingPostalCode: '1950',
      billingCity: 'Sion',
      billingCountry: 'CH',
      billingEmail: 'finance@glacier.example',
    })
    .onConflictDoNothing()
    .returning({ id: accounts.id });
  if (inserted.length === 0) return; // already seeded
  const [alice] = await db.select().from(users).where(eq(users.email, DEMO_USERS[0].email));
  await db.transaction(async (tx) => {
    if (alice) {
      await tx
        .insert(memberships)
        .values({ accountId: GLACIER_ID, userId: alice.id, role: 'owner' });
    }
    const roles: MemberRole[] = ['tech', 'tech', 'admin', 'tech', 'owner'];
    const people = Array.from({ length: GLACIER_MEMBER_COUNT }, (_, i) => {
      const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
      const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
      const n = String(i + 1).padStart(3, '0');
      return { name: `${first} ${last} ${n}`, email: `member${n}@glacier.example` };
    });
    const created = await tx
      .insert(users)
      .values(people.map((p) => ({ ...p, passwordHash, emailVerified: new Date() })))
      .onConflictDoNothing()
      .returning();
    if (created.length === 0) return;
    // Every user has a personal account (and is its owner), seeded users included.
    const personal = await tx
      .insert(accounts)
      .values(
        created.map((u) => ({
          kind: 'personal' as const,
          name: u.name,
          personalOwnerId: u.id,
          billingName: u.name,
          billingEmail: u.email,
        })),
      )
      .returning({ id: accounts.id, ownerId: accounts.personalOwnerId });
    await tx
      .insert(memberships)
      .values(
        personal.map((a) => ({ accountId: a.id, userId: a.ownerId!, role: 'owner' as const })),
      );
    await tx.insert(memberships).values(
      created.map((u, i) => ({
        accountId: GLACIER_ID,
        userId: u.id,
        role: roles[i % roles.length]!,
      })),
    );
  });
}

/** A pending invitation in Acme Corp, visible on its Users page. */
async function ensurePendingInvitation(db: Db) {
  const [existing] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.accountId, ACME_ID), eq(invitations.email, PENDING_INVITEE)))
    .limit(1);
  if (existing) return;
  const [alice] = await db.select().from(users).where(eq(users.email, DEMO_USERS[0].email));
  await db.insert(invitations).values({
    accountId: ACME_ID,
    email: PENDING_INVITEE,
    role: 'admin',
    // The demo invitation's link is not known to anyone: owners can resend it to get a real one.
    tokenHash: hashToken(generateToken()),
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    invitedByUserId: alice?.id ?? null,
  });
}

/** The scale case: one user in MANY_ORGS_COUNT organizations (for the account-menu benchmark). */
async function ensureManyOrganizations(db: Db, userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  const have = Math.max(0, (row?.n ?? 0) - 1); // minus the personal account
  const roles: MemberRole[] = ['owner', 'tech', 'admin'];
  await db.transaction(async (tx) => {
    for (let i = have; i < MANY_ORGS_COUNT; i += 100) {
      const batch = Array.from({ length: Math.min(100, MANY_ORGS_COUNT - i) }, (_, k) => ({
        kind: 'organization' as const,
        status: 'suspended' as const,
        name: `Scale Org ${String(i + k + 1).padStart(3, '0')}`,
        billingName: `Scale Org ${i + k + 1} Ltd`,
        billingEmail: MANY_ORGS_USER.email,
      }));
      const inserted = await tx.insert(accounts).values(batch).returning({ id: accounts.id });
      await tx.insert(memberships).values(
        inserted.map((account, k) => ({
          accountId: account.id,
          userId,
          role: roles[(i + k) % roles.length]!,
        })),
      );
    }
  });
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

async function main() {
  const onlyIfEmpty = process.argv.includes('--if-empty');
  const { db, driver } = await getDatabase();
  try {
    if (onlyIfEmpty && !(await isEmpty(db))) {
      console.log(`[seed] ${driver} database already has data: not seeding.`);
      return;
    }
    const { created } = await seed(db, { manyOrgs: process.argv.includes('--many-orgs') });
    console.log(
      created.length
        ? `[seed] created demo users: ${created.join(', ')} (password "${DEMO_PASSWORD}")`
        : '[seed] demo data already present: nothing to do.',
    );
  } finally {
    await closeDb();
  }
}

const invokedDirectly = process.argv[1]?.replace(/\\/g, '/').endsWith('db/seed.ts');
if (invokedDirectly) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
