import type { Pool } from 'pg';
import { readMigrationFiles } from 'drizzle-orm/migrator';

// Applies pending migrations on a PostgreSQL server in ONE transaction under a transaction
// advisory lock, with drizzle-kit's own files and bookkeeping table (drizzle.__drizzle_migrations,
// the same rows drizzle's migrator writes). Drizzle's migrator runs its set-up statements
// outside any transaction, and a session-level advisory lock around it would, through a
// transaction-pooling pgbouncer, be taken on one server connection and released (or not) on
// another, leaving the lock held for good. Here everything, the lock included, lives and ends
// in one transaction, so several instances can start together behind a pooler.

// Arbitrary constant: serialises migrations across app instances sharing one server.
const MIGRATION_LOCK_ID = 7_310_423;

export async function migratePostgres(pool: Pool, migrationsFolder: string): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query('create schema if not exists drizzle');
    await client.query(`create table if not exists drizzle.__drizzle_migrations (
      id serial primary key, hash text not null, created_at bigint)`);
    const last = await client.query<{ created_at: string }>(
      'select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    const appliedUntil = last.rows[0] ? Number(last.rows[0].created_at) : -1;
    let applied = 0;
    for (const migration of migrations) {
      if (migration.folderMillis <= appliedUntil) continue;
      for (const statement of migration.sql) {
        if (statement.trim() !== '') await client.query(statement);
      }
      await client.query(
        'insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)',
        [migration.hash, migration.folderMillis],
      );
      applied++;
    }
    await client.query('commit');
    return applied;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
