// Next.js calls register() once when a server process starts, in the Node.js runtime only:
// the peer-address header and the dev-mailbox warning are installed first, then the
// background jobs (meter, settling of resource states) start.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddressHeader } = await import('./lib/security/peer-address');
  installPeerAddressHeader();
  const { warnIfDevMailboxEnabled } = await import('./lib/email/dev-mailbox');
  warnIfDevMailboxEnabled();
  const { startJobRunner } = await import('./lib/jobs/runner');
  await startJobRunner();
}
