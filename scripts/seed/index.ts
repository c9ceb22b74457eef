import { count } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { seedBilling } from './billing';
import { DEMO_PASSWORD, DEMO_USERS, MANY_ORGS_USER, SCALE_OWNER, TESS, THEO } from './demo';
import {
  ensureUser,
  seedAcme,
  seedGlacier,
  seedManyOrganizations,
  type SeedMembers,
} from './organizations';
import { seedResourceFixtures } from './resources';

// The demo seed (`npm run seed`; `npm run dev` on its first start; the e2e and bench set-up):
// every row is made by the domain functions the console itself calls. The README's "Demo
// logins" describes the result.

export * from './demo';

/** Idempotent: creates what is missing, leaves what exists. Returns the users it created. */
export async function seed(
  db: Db,
  options: { manyOrgs?: boolean } = {},
): Promise<{ created: string[] }> {
  // One argon2 hash for every demo user: hashing is most of a sign-up's time.
  const base = { passwordHash: await hashPassword(DEMO_PASSWORD), created: [] as string[] };
  const team: User[] = [];
  for (const demo of DEMO_USERS) team.push(await ensureUser(db, base, demo));
  const [alice, , chloe] = team as [User, User, User];
  await seedAcme(
    db,
    DEMO_USERS.map((demo, i): SeedMembers[number] => [team[i]!, demo.acmeRole]),
  );
  const people = { ...base, alice, chloe, theo: await ensureUser(db, base, THEO) };
  await seedGlacier(db, people);
  if (options.manyOrgs) {
    const mia = await ensureUser(db, base, MANY_ORGS_USER);
    await seedManyOrganizations(db, mia, await ensureUser(db, base, SCALE_OWNER));
  }
  await seedResourceFixtures(db, people);
  await seedBilling(db, { ...people, tess: await ensureUser(db, base, TESS) });
  return { created: base.created };
}

/** No user at all yet: a database the demo seed has never run on. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}
