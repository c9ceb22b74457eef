import { randomUUID } from 'node:crypto';
import { api, page, paymentBody, type CookieJar, type KeyPair } from './http';

// A mixed load of what users and API clients do, recorded request by request (when it started
// and ended, what came back), so a test can say what happened before, during and after a fault.

export type Kind = 'overview' | 'users-page' | 'api-read' | 'api-write';
export const KINDS: readonly Kind[] = ['overview', 'users-page', 'api-read', 'api-write'];

/**
 * Writes are payments (with an Idempotency-Key each) up to this many — under the per-user
 * limit of payment attempts (30 an hour), retries included — then edits of the account's
 * billing city.
 */
export const PAYMENT_BUDGET = 20;

export interface Sample {
  kind: Kind;
  started: number;
  ended: number;
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: string;
  /** The Idempotency-Key of a payment (writes without one edit the account). */
  key?: string;
}

export interface Target {
  origin: string;
  accountId: string;
  jar: CookieJar;
  pair: KeyPair;
  /** Payments started so far (see PAYMENT_BUDGET). */
  payments: number;
}

async function once(target: Target, kind: Kind): Promise<Omit<Sample, 'started' | 'ended'>> {
  const { origin, accountId, jar, pair } = target;
  let response: Response;
  let key: string | undefined;
  const pay = kind === 'api-write' && target.payments++ < PAYMENT_BUDGET;
  if (kind === 'overview') response = await page(origin, `/a/${accountId}`, jar);
  else if (kind === 'users-page') response = await page(origin, `/a/${accountId}/users`, jar);
  else if (kind === 'api-read') response = await api(origin, pair, 'GET', '/account');
  else if (!pay) {
    const billingCity = Math.random() < 0.5 ? 'Bern' : 'Zürich';
    response = await api(origin, pair, 'PATCH', '/account', { billingCity });
  } else {
    key = `fault-${randomUUID()}`;
    response = await api(origin, pair, 'POST', '/payments', paymentBody(), {
      'idempotency-key': key,
    });
  }
  return {
    kind,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
    key,
  };
}

/** Runs `workers` loops over every kind until stopped; `samples` grows as answers arrive. */
export function startLoad(target: Target, workers = 4) {
  const samples: Sample[] = [];
  let running = true;
  const loop = async (offset: number) => {
    for (let i = offset; running; i++) {
      const kind = KINDS[i % KINDS.length]!;
      const started = Date.now();
      let result: Omit<Sample, 'started' | 'ended'>;
      try {
        result = await once(target, kind);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result = { kind, status: 0, contentType: '', retryAfter: null, body: message };
      }
      samples.push({ ...result, started, ended: Date.now() });
    }
  };
  const loops = Array.from({ length: workers }, (_, w) => loop(w));
  return {
    samples,
    async stop(): Promise<void> {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Waits until `predicate` holds over the samples (checked every 100 ms), or fails. */
export async function waitFor(
  what: string,
  predicate: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Text that must never reach a client: a stack trace, a driver's error, Next's 500 page. */
export const LEAKS = [
  /\n\s+at .+:\d+:\d+/,
  /node_modules/,
  /ECONNREFUSED|DrizzleQueryError|Failed query|Connection terminated/,
  /Application error: a server-side exception/,
  /Internal Server Error/,
];
