// Next.js calls register() once when a server process starts: the background jobs (meter,
// settling of resource states) start here, in the Node.js runtime only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startJobRunner } = await import('./lib/jobs/runner');
  await startJobRunner();
}
