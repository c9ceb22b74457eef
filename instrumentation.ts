// Next.js calls register() once when a server process starts, in the Node.js runtime only:
// the peer-address header, the dev-mailbox warning and the 503 for a 500 caused by an
// unreachable database (lib/http/unavailable-status.ts) are installed first, then the
// background jobs (meter, settling of resource states, email retries) start; under `next dev`
// the database is prepared before them (db/dev.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddressHeader } = await import('./lib/security/peer-address');
  installPeerAddressHeader();
  const { warnIfDevMailboxEnabled } = await import('./lib/email/dev-mailbox');
  warnIfDevMailboxEnabled();
  const { installUnavailableStatus } = await import('./lib/http/unavailable-status');
  installUnavailableStatus();
  if (process.env.NODE_ENV !== 'development') {
    const { startJobRunner } = await import('./lib/jobs/runner');
    await startJobRunner();
    return;
  }
  // Not awaited: the first page compiles meanwhile, and requests that touch the database
  // wait for the prepared one (getDatabase hands every caller the same promise).
  void (async () => {
    const { prepareDevDatabase } = await import('./db/dev');
    await prepareDevDatabase();
    const { startJobRunner } = await import('./lib/jobs/runner');
    await startJobRunner();
  })().catch(() => {
    // prepareDevDatabase has reported it; the requests that need the database fail with it
  });
}

// Every error of a page, action or route handler: one that says the database cannot be
// reached marks it so (db/availability.ts), and the proxy answers 503 until it is back.
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { noteDatabaseError } = await import('./db/availability');
  noteDatabaseError(error);
}
