import type { PGlite } from '@electric-sql/pglite';
import type { Client as PgClient } from 'pg';

// A counting hook on the drivers themselves (node-postgres' Client.query, PGlite's query, exec
// and transaction): every statement the process sends, whatever sends it (Drizzle, raw SQL,
// pg-boss excluded: it has its own pool). Tests assert round trips per request with it; with
// no listener registered it costs one empty-set check per statement.

type StatementListener = (statement: string) => void;

const state = globalThis as unknown as { alpenglowStatementListeners?: Set<StatementListener> };
const listeners = (state.alpenglowStatementListeners ??= new Set());

/** Calls `listener` with the text of every statement sent from now on; returns the unsubscribe. */
export function onStatement(listener: StatementListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function notify(statement: unknown) {
  if (listeners.size === 0) return;
  const text =
    typeof statement === 'string' ? statement : ((statement as { text?: string })?.text ?? '');
  for (const listener of listeners) listener(text);
}

/** A node-postgres Client class whose every query is reported (a Pool's `Client` option). */
export function countingClient(Base: typeof PgClient): typeof PgClient {
  const original = Base.prototype.query as (...args: unknown[]) => unknown;
  const Counting = class extends Base {};
  (Counting.prototype as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
    notify(args[0]);
    return original.apply(this, args);
  };
  return Counting;
}

type Queryable = Pick<PGlite, 'query' | 'exec'>;

function countQueries<T extends Queryable>(target: T): T {
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = ((text: string, ...rest: unknown[]) => {
    notify(text);
    return (query as (...args: unknown[]) => unknown)(text, ...rest);
  }) as T['query'];
  target.exec = ((text: string, ...rest: unknown[]) => {
    notify(text);
    return (exec as (...args: unknown[]) => unknown)(text, ...rest);
  }) as T['exec'];
  return target;
}

/**
 * Reports PGlite's statements; a transaction as the begin and commit (or rollback) that
 * node-postgres would send, and the statements of its transaction object.
 */
export function countPglite(client: PGlite): PGlite {
  countQueries(client);
  const transaction = client.transaction.bind(client);
  client.transaction = (async (callback: (tx: Queryable) => Promise<unknown>) => {
    notify('begin');
    try {
      const result = await transaction((tx) => callback(countQueries(tx)));
      notify('commit');
      return result;
    } catch (error) {
      notify('rollback');
      throw error;
    }
  }) as PGlite['transaction'];
  return client;
}
