import type { Pool } from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { getDatabase, type Db } from '@/db/client';
import * as schema from '@/db/schema';

/**
 * A second Drizzle handle over the test database's own client that records every statement
 * it sends: for asserting how many round trips a function makes.
 */
export async function countingDb(): Promise<{ db: Db; statements: string[] }> {
  const handle = await getDatabase();
  const statements: string[] = [];
  const logger = { logQuery: (query: string) => void statements.push(query) };
  // Both drivers' handles carry their client as $client (the Db type names only one).
  const client = (handle.db as unknown as { $client: unknown }).$client;
  if (handle.driver === 'postgres') {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    return { db: drizzle(client as Pool, { schema, logger }), statements };
  }
  const { drizzle } = await import('drizzle-orm/pglite');
  return {
    db: drizzle(client as PGlite, { schema, logger }) as unknown as Db,
    statements,
  };
}
