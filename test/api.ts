import type { Db } from '@/db/client';
import { createApiKeyDefinition, type IssuedApiKeyData } from '@/lib/api-keys/actions';
import { expect } from 'vitest';
import { documentedStatuses, type Endpoint } from '@/lib/api/endpoint';
import { errorSchema } from '@/lib/api/schemas';
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
  const result = {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as unknown) : null,
  };
  expectDocumented(endpoint, result);
  return result;
}

/**
 * The contract: every answer an API test receives has a status the endpoint documents and a
 * body that its documented schema (the zod schema the OpenAPI document is generated from)
 * accepts — strict objects, so an undocumented field fails too.
 */
export function expectDocumented(endpoint: Endpoint, result: ApiCall) {
  const { spec } = endpoint;
  const documented = documentedStatuses(spec);
  const where = `${spec.method} ${spec.path} → ${result.status} ${JSON.stringify(result.body)}`;
  expect(documented, where).toContain(result.status);
  if (result.status === spec.success.status) {
    if (spec.success.schema) {
      const parsed = spec.success.schema.safeParse(result.body);
      expect(parsed.success, `${where}: ${parsed.error?.message}`).toBe(true);
    } else {
      expect(result.body, where).toBeNull();
    }
  } else {
    const parsed = errorSchema.safeParse(result.body);
    expect(parsed.success, `${where}: ${parsed.error?.message}`).toBe(true);
  }
}

export type { Db };
