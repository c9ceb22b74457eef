import { isLoopbackRequest } from '@/lib/security/peer-address';

/**
 * The development mailbox shows live verification, reset and invitation links: to anyone who
 * can open it, it is an account-takeover page. So it is on only outside production (or with
 * DEV_MAILBOX=1, e.g. the end-to-end suite), answers only requests from this machine
 * (loopback), and the server says so loudly at start.
 */
export function isDevMailboxEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production' || env.DEV_MAILBOX === '1';
}

/** Whether this request may see the mailbox: enabled, and coming from this machine. */
export function mayOpenDevMailbox(headers: Headers, env: NodeJS.ProcessEnv = process.env) {
  return isDevMailboxEnabled(env) && isLoopbackRequest(headers);
}

export function warnIfDevMailboxEnabled(
  env: NodeJS.ProcessEnv = process.env,
  log: (message: string) => void = console.warn,
): boolean {
  if (!isDevMailboxEnabled(env)) return false;
  const why = env.NODE_ENV === 'production' ? 'DEV_MAILBOX=1' : `NODE_ENV=${env.NODE_ENV}`;
  log(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!! WARNING: the development mailbox /dev/mailbox is ON (${why}).`,
      '!! It shows live sign-in, password-reset and invitation links. It answers only',
      '!! requests from this machine (loopback); never enable it on a real deployment.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
  return true;
}
