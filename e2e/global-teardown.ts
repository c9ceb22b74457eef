import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type DatabaseOptions } from '@/db/client';
import { assertInvariants } from '@/test/invariants';
import { E2E_PGLITE_DIR, e2eServerDatabaseUrl } from '@/scripts/e2e-database';

// After the whole e2e suite: the database the browsers worked on must keep every invariant of
// the product (test/invariants.ts), like every integration test file's.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PGlite allows one process: stop the e2e server (the pid that holds the data directory's
 * lock, started by this suite's webServer) and wait for the lock to go before opening it.
 */
async function releaseEmbeddedDatabase(dataDir: string): Promise<void> {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  if (!fs.existsSync(lockPath)) return;
  const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 300 && fs.existsSync(lockPath); i++) await sleep(100);
}

export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_BASE_URL) return; // a server this suite did not start: not ours to read
  let options: DatabaseOptions;
  if (process.env.DATABASE_URL) {
    options = { url: e2eServerDatabaseUrl(process.env.DATABASE_URL) };
  } else {
    await releaseEmbeddedDatabase(E2E_PGLITE_DIR);
    options = { dataDir: E2E_PGLITE_DIR };
  }
  const handle = await openDatabase(options);
  try {
    await assertInvariants(handle.db, 'by the e2e suite');
  } finally {
    await handle.close();
  }
}
