// Next.js calls register() once when a server process starts: the background jobs (meter,
// settling of resource states) start here, in the Node.js runtime only, and a 500 caused by an
// unreachable database is answered as 503 (lib/http/unavailable-status.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installUnavailableStatus } = await import('./lib/http/unavailable-status');
  installUnavailableStatus();
  const { startJobRunner } = await import('./lib/jobs/runner');
  await startJobRunner();
}

// Every error of a page, action or route handler: one that says the database cannot be
// reached marks it so (db/availability.ts), and the proxy answers 503 until it is back.
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { noteDatabaseError } = await import('./db/availability');
  noteDatabaseError(error);
}
