import type { PGlite } from '@electric-sql/pglite';

// A JavaScript string may hold a lone surrogate ("\udfff", from a JSON escape or a fuzzer).
// node-postgres sends it as U+FFFD, as any UTF-8 encoder does; PGlite 0.5 sends bytes that
// PostgreSQL refuses ("invalid byte sequence for encoding UTF8"), so input a user can type
// failed with a 500 on the embedded database only. Parameters are made well-formed the way
// node-postgres does it, so both drivers store and match the same text.

type Queryable = Pick<PGlite, 'query'>;

function wellFormed(params: unknown): unknown {
  if (!Array.isArray(params)) return params;
  return params.map((value) => (typeof value === 'string' ? value.toWellFormed() : value));
}

function wrapQuery<T extends Queryable>(target: T): T {
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  target.query = ((text: string, params?: unknown, ...rest: unknown[]) =>
    query(text, wellFormed(params), ...rest)) as T['query'];
  return target;
}

/** PGlite whose query parameters, in and out of transactions, are well-formed UTF-16. */
export function wellFormedParams(client: PGlite): PGlite {
  wrapQuery(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Queryable) => Promise<unknown>) =>
    transaction((tx) => callback(wrapQuery(tx)))) as PGlite['transaction'];
  return client;
}
