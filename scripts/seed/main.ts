// `npm run seed [-- --many-orgs]`: the demo seed on the configured database (see index.ts).
import { closeDb, getDatabase } from '@/db/client';
import { DEMO_PASSWORD, seed } from './index';

async function main() {
  const { db } = await getDatabase();
  try {
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
