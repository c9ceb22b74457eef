// Next.js calls register() once when a server process starts, in the Node.js runtime only:
// the peer-address header, the dev-mailbox warning and the 503 for a 500 caused by an
// unreachable database (lib/http/unavailable-status.ts) are installed first, then the
// background jobs (meter, settling of resource states, email retries) start.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddressHeader } = await import('./lib/security/peer-address');
  installPeerAddressHeader();
  const { warnIfDevMailboxEnabled } = await import('./lib/email/dev-mailbox');
  warnIfDevMailboxEnabled();
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
