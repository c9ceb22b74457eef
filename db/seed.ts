import { count } from 'drizzle-orm';
import { hashPassword } from '@/lib/password';
import { signUp } from '@/lib/users';
import { closeDb, getDatabase, type Db } from './client';
import { users } from './schema';

/** The demo logins listed in the README. */
export const DEMO_PASSWORD = 'alpenglow-demo';
export const DEMO_USERS = [
  { name: 'Alice Martin', email: 'alice@example.com' },
  { name: 'Bruno Keller', email: 'bruno@example.com' },
  { name: 'Chloé Favre', email: 'chloe@example.com' },
] as const;

/** Idempotent: creates what is missing, leaves what exists. */
export async function seed(db: Db): Promise<{ created: string[] }> {
  const created: string[] = [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of DEMO_USERS) {
    const result = await db.transaction((tx) =>
      signUp(tx, { ...demo, password: DEMO_PASSWORD, passwordHash, verified: true }),
    );
    if (result.status === 'created') created.push(demo.email);
  }
  return { created };
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
    const { created } = await seed(db);
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
