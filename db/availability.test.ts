import { afterEach, describe, expect, it } from 'vitest';
import {
  databaseDownSince,
  databaseReachable,
  isDatabaseUnavailableError,
  markDatabaseUnavailable,
  noteDatabaseError,
  registerDatabaseProbe,
} from './availability';

// The process-wide "database unreachable" flag: which errors set it, and how the proxy's probe
// clears it (the whole outage, with a real server, is test/faults/outage.faults.test.ts).

afterEach(() => registerDatabaseProbe(null));

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailableError', () => {
  it('knows connection failures, shutdowns and pgbouncer, also wrapped as a cause', () => {
    expect(isDatabaseUnavailableError(pgError('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailableError(pgError('57P01', 'terminating connection'))).toBe(true);
    expect(isDatabaseUnavailableError(pgError('57P03', 'the database system is starting up'))).toBe(
      true,
    );
    expect(isDatabaseUnavailableError(pgError('08P01', 'server login has been failing'))).toBe(
      true,
    );
    expect(isDatabaseUnavailableError(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = new Error('Failed query: select 1', { cause: pgError('ECONNRESET') });
    expect(isDatabaseUnavailableError(wrapped)).toBe(true);
    expect(isDatabaseUnavailableError(new AggregateError([pgError('ECONNREFUSED')]))).toBe(true);
  });

  it('leaves the errors of a working database alone', () => {
    expect(isDatabaseUnavailableError(pgError('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseUnavailableError(pgError('40P01', 'deadlock detected'))).toBe(false);
    expect(isDatabaseUnavailableError(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailableError(null)).toBe(false);
    expect(isDatabaseUnavailableError('ECONNREFUSED')).toBe(false);
  });
});

describe('databaseReachable', () => {
  it('answers at once while nothing failed, without probing', async () => {
    let probes = 0;
    registerDatabaseProbe(async () => {
      probes++;
    });
    expect(noteDatabaseError(pgError('23505'))).toBe(false);
    expect(await databaseReachable()).toBe(true);
    expect(probes).toBe(0);
  });

  it('once marked, probes (one probe for concurrent callers) until the server answers', async () => {
    let up = false;
    let probes = 0;
    registerDatabaseProbe(async () => {
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (!up) throw pgError('ECONNREFUSED');
    });
    markDatabaseUnavailable();
    expect(await Promise.all([databaseReachable(), databaseReachable()])).toEqual([false, false]);
    expect(probes).toBe(1);
    expect(await databaseReachable()).toBe(false); // within the probe interval: no new probe
    expect(probes).toBe(1);
    up = true;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await databaseReachable()).toBe(true);
    expect(databaseDownSince()).toBeNull();
    expect(await databaseReachable()).toBe(true);
    expect(probes).toBe(2);
  });
});
