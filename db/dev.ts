// `npm run dev` prepares its database inside the dev server (instrumentation.ts), not in a
// process of its own before `next dev`: the embedded PGlite starts once instead of twice (its
// WebAssembly start is seconds on a busy machine), and migrations and the demo seed run while
// Turbopack compiles the first page instead of before the server even listens.
import { DatabaseLockedError, getDatabase, type DatabaseHandle } from './client';
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seed } from '@/scripts/seed';

async function seedIfEmpty({ db, driver }: DatabaseHandle) {
  const where =
    driver === 'pglite'
      ? `embedded PGlite in ${process.env.PGLITE_DATA_DIR || '.data/pglite'}`
      : 'PostgreSQL server (DATABASE_URL)';
  console.log(`[alpenglow] database: ${where}; migrations applied.`);
  if (await isEmpty(db)) {
    await seed(db);
    console.log('[alpenglow] first start: demo data seeded.');
  }
  console.log(
    `[alpenglow] demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.email).join(', ')}`,
  );
}

/**
 * Opens, migrates and (on first start) seeds the dev server's database; every request's
 * database access waits for it. A database held by another process stops the dev server, as
 * a second `npm run dev` must not run on the same embedded data directory.
 */
export async function prepareDevDatabase(): Promise<void> {
  try {
    await getDatabase(seedIfEmpty);
  } catch (error) {
    console.error(`[alpenglow] ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof DatabaseLockedError) process.exit(1);
    throw error;
  }
}
