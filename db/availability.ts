// Whether the database server can be reached, for the whole process: the node-postgres pool
// (db/client.ts) marks it unreachable when a connection fails or dies, and the request proxy
// (proxy.ts) then answers 503 "try again" instead of letting pages and routes fail one by one.
// While marked, the proxy probes the server through the app's own pool (at most one probe in
// flight, one every PROBE_EVERY_MS), so the first probe that succeeds after the server returns
// lets requests through again: recovery needs no restart. This module imports nothing, so
// the proxy can use it; the state lives on globalThis, shared by the proxy and the app's
// render code in one `next start` process.

/** A connection-level failure: the server is down, restarting, refusing or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect
 * now) and 53300 (too many connections); pgbouncer reports its own failures as 08P01.
 */
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection closed',
  'server conn crashed',
  'server login has been failing',
  'pgbouncer cannot connect to server',
];

const PROBE_EVERY_MS = 250;

interface AvailabilityState {
  downSince: number | null;
  lastProbeAt: number;
  probing: Promise<boolean> | null;
  probe: (() => Promise<void>) | null;
}

const store = globalThis as unknown as { alpenglowDbAvailability?: AvailabilityState };
const state: AvailabilityState = (store.alpenglowDbAvailability ??= {
  downSince: null,
  lastProbeAt: 0,
  probing: null,
  probe: null,
});

/** Whether `error` (or one of its causes) says the database server cannot be reached. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    if (typeof e !== 'object') return false;
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailableError)) return true;
    e = cause;
  }
  return false;
}

/** Marks the database unreachable (kept until a probe succeeds). */
export function markDatabaseUnavailable(): void {
  state.downSince ??= Date.now();
}

/** Marks the database unreachable when `error` says so; returns whether it did. */
export function noteDatabaseError(error: unknown): boolean {
  if (!isDatabaseUnavailableError(error)) return false;
  markDatabaseUnavailable();
  return true;
}

/** The database client registers how to check the server (a `select 1` through its pool). */
export function registerDatabaseProbe(probe: (() => Promise<void>) | null): void {
  state.probe = probe;
  if (!probe) state.downSince = null;
}

/**
 * Whether requests may go on to the database: immediately true unless it was marked
 * unreachable; then the answer of a probe (shared by concurrent callers, reused for
 * PROBE_EVERY_MS).
 */
export async function databaseReachable(): Promise<boolean> {
  if (state.downSince === null || !state.probe) return true;
  if (state.probing) return state.probing;
  if (Date.now() - state.lastProbeAt < PROBE_EVERY_MS) return false;
  const probe = state.probe;
  state.lastProbeAt = Date.now();
  state.probing = probe().then(
    () => {
      console.info(`[db] reachable again after ${Date.now() - (state.downSince ?? 0)} ms`);
      state.downSince = null;
      return true;
    },
    () => false,
  );
  try {
    return await state.probing;
  } finally {
    state.probing = null;
  }
}

/** Since when the database has been marked unreachable (ms since the epoch), or null. */
export function databaseDownSince(): number | null {
  return state.downSince;
}

/** What a client is told while the database is unreachable (pages, API, server actions). */
export const UNAVAILABLE_MESSAGE =
  'Alpenglow is temporarily unavailable: our database cannot be reached. Try again in a few seconds.';
export const RETRY_AFTER_SECONDS = 5;
