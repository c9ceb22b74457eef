// Runs once when the server starts (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddressHeader } = await import('./lib/security/peer-address');
  installPeerAddressHeader();
  const { warnIfDevMailboxEnabled } = await import('./lib/email/dev-mailbox');
  warnIfDevMailboxEnabled();
}
