// Runs before `next dev`: opens the database (refusing if another process holds the
// embedded one), applies migrations, and seeds demo data on first start.
import { closeDb, getDatabase } from '@/db/client';
import { isEmpty, seed, DEMO_PASSWORD, DEMO_USERS } from '@/scripts/seed';

async function main() {
  const { db, driver } = await getDatabase();
  try {
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
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(`[alpenglow] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
