import { count, eq } from 'drizzle-orm';
import { hashPassword } from '@/lib/password';
import { signUp } from '@/lib/users';
import { closeDb, getDatabase, type Db } from './client';
import { accounts, memberships, users, type MemberRole } from './schema';

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
  if (options.manyOrgs) {
    const { user, created: isNew } = await ensureUser(db, MANY_ORGS_USER, passwordHash);
    if (isNew) created.push(MANY_ORGS_USER.email);
    await ensureManyOrganizations(db, user.id);
  }
  return { created };
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
