import type { Db } from '@/db/client';
import { createApiKeyDefinition, type IssuedApiKeyData } from '@/lib/api-keys/actions';
import type { Endpoint } from '@/lib/api/endpoint';
import { actAs, expectOk, type TestUser } from './factories';

// Calling /api/v1 endpoints in integration tests: the route handlers are plain functions of a
// Request, so tests call them directly with real credentials against the test database.

export interface KeyPair {
  key: string;
  secret: string;
}

/** Creates `user`'s key pair for `accountId` through the action pipeline. */
export async function issueKey(user: TestUser, accountId: string): Promise<KeyPair> {
  const outcome = expectOk(await actAs(user, createApiKeyDefinition, accountId, {}, null));
  const { key, secret } = outcome.data as IssuedApiKeyData;
  return { key, secret };
}

export const basicAuth = (pair: KeyPair) =>
  `Basic ${Buffer.from(`${pair.key}:${pair.secret}`).toString('base64')}`;

export interface CallOptions {
  pair?: KeyPair | null;
  authorization?: string;
  body?: unknown;
  /** Raw text instead of JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: Record<string, string>;
}

export interface ApiCall {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Calls `endpoint` as an HTTP client would, and reads the JSON answer. */
export async function call(endpoint: Endpoint, options: CallOptions = {}): Promise<ApiCall> {
  const { method, path } = endpoint.spec;
  let concrete: string = path;
  for (const [name, value] of Object.entries(options.params ?? {})) {
    concrete = concrete.replace(`{${name}}`, encodeURIComponent(value));
  }
  const url = new URL(`http://127.0.0.1/api/v1${concrete}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.pair) headers.authorization = basicAuth(options.pair);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await endpoint.handle(new Request(url, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

export type { Db };
