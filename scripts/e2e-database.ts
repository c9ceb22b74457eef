// Where the e2e suite's database lives: shared by the e2e server (scripts/e2e-server.ts) and
// the suite's teardown (e2e/global-teardown.ts), which checks the invariants on it.

export const E2E_PGLITE_DIR = '.data/e2e-pglite';

/** The e2e database's name on a server: E2E_DB_NAME lets several checkouts share one. */
export function e2eDatabaseName(suffix = ''): string {
  const name = `${process.env.E2E_DB_NAME ?? 'alpenglow_e2e'}${suffix}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad E2E_DB_NAME: ${name}`);
  return name;
}

/** DATABASE_URL with the e2e database's name in place of its own. */
export function e2eServerDatabaseUrl(serverUrl: string, suffix = ''): string {
  const url = new URL(serverUrl);
  url.pathname = `/${e2eDatabaseName(suffix)}`;
  return url.toString();
}
