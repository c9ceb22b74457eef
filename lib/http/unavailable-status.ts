import http from 'node:http';
import { databaseDownSince, RETRY_AFTER_SECONDS } from '@/db/availability';

// A page whose render lost the database answers with the error boundary (app/error.tsx) and
// status 500: Next lets a page choose only 404/403/401. Once the database is known to be
// unreachable the proxy answers 503 itself; this covers the requests that were already
// rendering when it went away (or that discovered it). While the database is marked
// unreachable, a 500 of this process is sent as 503 with Retry-After — the truth, and what
// load balancers and clients treat as "try again". Installed once, from instrumentation.ts.

const installed = globalThis as unknown as { alpenglowUnavailableStatus?: boolean };

export function installUnavailableStatus(): void {
  if (installed.alpenglowUnavailableStatus) return;
  installed.alpenglowUnavailableStatus = true;
  const writeHead = http.ServerResponse.prototype.writeHead;
  http.ServerResponse.prototype.writeHead = function (
    this: http.ServerResponse,
    statusCode: number,
    ...rest: unknown[]
  ) {
    if (statusCode === 500 && databaseDownSince() !== null) {
      statusCode = 503;
      this.statusCode = 503;
      if (!this.headersSent) this.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return (writeHead as (...args: unknown[]) => http.ServerResponse).call(
      this,
      statusCode,
      ...rest,
    );
  } as typeof writeHead;
}
