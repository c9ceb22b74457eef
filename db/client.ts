import fs from 'node:fs';
import path from 'node:path';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Pool, PoolClient } from 'pg';
import { markDatabaseUnavailable, noteDatabaseError, registerDatabaseProbe } from './availability';
import { migratePostgres } from './migrate-postgres';
import { readTemplate, templateKey, writeTemplate } from './pglite-template';
import { wellFormedParams } from './pglite-params';
import { countingClient, countPglite } from './statements';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Domain functions take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  close: () => Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when set, node-postgres is used. */
  url?: string;
  /** PGlite data directory, or memory:// (ignored when url is set). */
  dataDir?: string;
}

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');
const DEFAULT_DATA_DIR = path.join('.data', 'pglite');

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.PGLITE_DATA_DIR || DEFAULT_DATA_DIR };
}

/** Opens a database, applies pending migrations, and returns it. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir ?? DEFAULT_DATA_DIR);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { Pool, Client } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_MAX ?? 10),
    // Without a bound, a connection attempt to an unreachable host waits for the OS (minutes).
    // node-postgres applies the same bound to a request waiting for a free connection, so it
    // is sized for a burst on a loaded machine (200 payments at once on 10 connections took
    // over 5 s there); a server that is down refuses at once and is not waited for.
    connectionTimeoutMillis: 15_000,
    Client: countingClient(Client),
  });
  watchAvailability(pool);
  await migratePostgres(pool, migrationsFolder);
  const db = drizzle(pool, { schema });
  registerDatabaseProbe(async () => {
    await pool.query('select 1');
  });
  return {
    db,
    driver: 'postgres',
    close: async () => {
      registerDatabaseProbe(null);
      await pool.end();
    },
  };
}

/**
 * Tells db/availability when the server cannot be reached: a connection that dies while idle
 * (the server stopped: every idle connection gets its termination at once), a connection that
 * cannot be made, a query whose connection breaks. The pool itself replaces broken
 * connections; the flag lets the proxy answer 503 until a probe gets through again.
 */
function watchAvailability(pool: Pool): void {
  // Without this listener an idle connection's 'error' event would crash the process.
  pool.on('error', (error) => {
    markDatabaseUnavailable();
    console.error(`[db] idle connection closed: ${error.message}`);
  });
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const noted = (error: unknown) => {
    noteDatabaseError(error);
    throw error;
  };
  // pg's Pool.query calls this.connect, so both paths report through the wrappers.
  Object.assign(pool, {
    connect: (...args: unknown[]) =>
      args.length > 0 ? (connect as (...a: unknown[]) => unknown)(...args) : connect().catch(noted),
    query: (...args: unknown[]) =>
      typeof args[args.length - 1] === 'function' ? query(...args) : query(...args).catch(noted),
  });
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : acquireDataDirLock(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
    // A new database starts from the template of an empty migrated one (see pglite-template).
    const isNew = inMemory || !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    const key = isNew ? templateKey(migrationsFolder) : null;
    const template = key ? readTemplate(key) : null;
    const client = await PGlite.create({
      dataDir: inMemory ? undefined : dataDir,
      loadDataDir: template ?? undefined,
    });
    const pgliteDb = drizzle(countPglite(wellFormedParams(client)), { schema });
    await migrate(pgliteDb, { migrationsFolder });
    if (key && !template) await writeTemplate(key, await client.dumpDataDir('gzip'));
    // Both drivers expose the same query builder; the node-postgres type stands for both.
    const db = pgliteDb as unknown as Db;
    return {
      db,
      driver: 'pglite',
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

export class DatabaseLockedError extends Error {}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock on its data directory, and a second process opening it silently
 * loses writes. This lock file makes one process the directory's only owner.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, mine, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (holder === process.pid) break;
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dataDir} is already open in process ${holder} ` +
            '(is `npm run dev` running?). PGlite allows a single process: stop that process ' +
            'first, or set DATABASE_URL to use a PostgreSQL server.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  const release = () => {
    try {
      if (fs.readFileSync(lockPath, 'utf8') === mine) fs.rmSync(lockPath, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

// One database per process. Kept on globalThis so that dev-server module reloads reuse it
// (a second PGlite instance in one process would hang the first).
const globalForDb = globalThis as unknown as { alpenglowDb?: Promise<DatabaseHandle> };

/**
 * The process's database, opened (and migrated) once. `prepare` runs right after that first
 * open and before any caller gets the handle: the dev server seeds its demo data there, so no
 * request ever sees a half-seeded database. It is ignored once the database is open.
 */
export function getDatabase(
  prepare?: (handle: DatabaseHandle) => Promise<void>,
): Promise<DatabaseHandle> {
  if (!globalForDb.alpenglowDb) {
    globalForDb.alpenglowDb = openDatabase(optionsFromEnv())
      .then(async (handle) => {
        try {
          await prepare?.(handle);
        } catch (error) {
          await handle.close();
          throw error;
        }
        return handle;
      })
      .catch((error: unknown) => {
        globalForDb.alpenglowDb = undefined;
        throw error;
      });
  }
  return globalForDb.alpenglowDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDb(): Promise<void> {
  const pending = globalForDb.alpenglowDb;
  globalForDb.alpenglowDb = undefined;
  if (pending) await (await pending).close();
}
