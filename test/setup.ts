import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { assertInvariants } from './invariants';

// Each test file gets its own database: PGlite in memory, or a fresh database on the
// PostgreSQL server named by DATABASE_URL, dropped afterwards.
const driver = process.env.ALPENGLOW_TEST_DB;
const serverUrl = process.env.ALPENGLOW_TEST_SERVER_URL;
let createdDatabase: string | null = null;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  delete process.env.RESEND_API_KEY;
  await closeDb();
  if (driver === 'postgres') {
    if (!serverUrl) throw new Error('int-postgres needs DATABASE_URL');
    const name = `alpenglow_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin((c) => c.query(`create database "${name}"`));
    createdDatabase = name;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
  } else {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DATA_DIR = 'memory://';
  }
  await getDb(); // opens and migrates
});

// Whatever a test file did, the database it leaves must keep every invariant of the product
// (test/invariants.ts); the error names the broken invariants and their rows. The database is
// dropped either way.
afterAll(async () => {
  let broken: unknown = null;
  try {
    await assertInvariants(await getDb(), 'by this test file');
  } catch (error) {
    broken = error;
  }
  await closeDb();
  if (createdDatabase) {
    const name = createdDatabase;
    await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
  }
  if (broken) throw broken;
});
