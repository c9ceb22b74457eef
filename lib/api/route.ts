import { z } from 'zod';
import { getDb } from '@/db/client';
import type { ActionRefusal } from '@/lib/actions/core';
import { routeDoor, type RouteContext } from '@/lib/actions/route';
import { apiKeyPrincipal, type ApiKeyPrincipal } from '@/lib/api-keys/principal';
import type { AccessContext } from '@/lib/authz/access';
import type { Permission } from '@/lib/authz/permissions';
import { fieldErrors } from '@/lib/validation';
import { parseBasicAuthorization } from './credentials';
import { ApiError, MESSAGES, unauthenticated, type ApiErrorBody } from './errors';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_KEY_PATTERN,
  idempotencyRequestHash,
  releaseIdempotencyKey,
} from './idempotency';
import { hitApiRateLimit } from './rate-limit';

// The route door of the one pipeline: every /api/v1 handler is `apiRoute(spec, handler)`.
// It authenticates the key pair and checks the permission in the one access check
// (lib/authz/access.ts), counts the request against the key's rate limit, parses the query
// and body with the endpoint's zod schemas, applies Idempotency-Key, and turns every refusal
// into the error body of lib/api/errors.ts. Handlers run the same action definitions as the
// console's forms (lib/api/actions.ts). Nothing here ever logs the Authorization header.

export interface ApiReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): ApiReply => ({ status: 200, body });
export const created = (body: unknown): ApiReply => ({ status: 201, body });
export const noContent = (): ApiReply => ({ status: 204 });

type AnyObjectSchema = z.ZodType<Record<string, unknown>>;

export interface ApiRouteSpec<Q extends AnyObjectSchema, B extends z.ZodType> {
  permission: Permission;
  /** Path parameters (e.g. an id): a malformed one names nothing, so it is a 404. */
  params?: AnyObjectSchema;
  query?: Q;
  body?: B;
  /** Whether the route honours Idempotency-Key ('optional') or insists on it ('required'). */
  idempotent?: 'optional' | 'required';
}

export interface ApiContext<Q extends AnyObjectSchema, B extends z.ZodType> {
  access: AccessContext;
  principal: ApiKeyPrincipal;
  query: z.output<Q>;
  body: z.output<B>;
  /** The JSON body as sent (before the schema's transforms), for definitions that parse it. */
  rawBody: unknown;
  params: Record<string, string>;
  /** The Idempotency-Key header, when the route honours it and it was sent. */
  idempotencyKey: string | null;
  ip: string;
}

type RouteParams = { params: Promise<Record<string, string | string[]>> };

const NO_QUERY = z.strictObject({});
/** Request bodies above this are refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  const all = { 'Cache-Control': 'no-store', ...headers };
  if (status === 204 || body === undefined) return new Response(null, { status, headers: all });
  return Response.json(body, { status, headers: all });
}

function errorResponse(error: ApiError, headers: Record<string, string> = {}): Response {
  return json(error.status, error.body(), { ...headers, ...error.headers });
}

function invalid(error: z.ZodError, prefix?: string): ApiError {
  const fields = fieldErrors(error);
  const named = prefix
    ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v]))
    : fields;
  return new ApiError('invalid_request', MESSAGES.invalid, named);
}

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new ApiError(
      'invalid_request',
      `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    );
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_request', 'The request body is not valid JSON.');
  }
}

/** The door's refusals before the handler, in the API's error body. */
function refusal(reason: ActionRefusal): ApiError {
  if (reason === 'unauthenticated') return unauthenticated();
  return new ApiError(reason, MESSAGES[reason]);
}

/** The key pair of the Authorization header, or null (then: 401). */
async function keyPrincipal(request: Request): Promise<ApiKeyPrincipal | null> {
  const credentials = parseBasicAuthorization(request.headers.get('authorization'));
  return credentials ? apiKeyPrincipal(credentials) : null;
}

function idempotencyKeyOf(request: Request, mode: ApiRouteSpec<never, never>['idempotent']) {
  const key = request.headers.get('idempotency-key');
  if (key === null) {
    if (mode === 'required') {
      throw new ApiError('invalid_request', 'This request needs an Idempotency-Key header.', {
        'Idempotency-Key': ['Send a unique key (e.g. a UUID) per operation.'],
      });
    }
    return null;
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ApiError('invalid_request', MESSAGES.invalid, {
      'Idempotency-Key': ['Use 1 to 255 printable ASCII characters.'],
    });
  }
  return mode ? key : null;
}

/** Runs the handler under Idempotency-Key: claimed → run and store; else replay or refuse. */
async function withIdempotency(
  key: string,
  scope: { accountId: string; requestHash: string },
  run: () => Promise<ApiReply>,
): Promise<ApiReply> {
  const db = await getDb();
  const claim = await claimIdempotencyKey(db, scope.accountId, key, scope.requestHash);
  if (claim.kind === 'replay') {
    return { status: claim.status, body: claim.body, headers: { 'Idempotent-Replayed': 'true' } };
  }
  if (claim.kind === 'mismatch') {
    throw new ApiError(
      'conflict',
      'This Idempotency-Key was already used for a different request. Use a new key.',
    );
  }
  if (claim.kind === 'in_progress') {
    throw new ApiError(
      'conflict',
      'A request with this Idempotency-Key is still running.',
      undefined,
      {
        'Retry-After': '1',
      },
    );
  }
  let reply: ApiReply;
  try {
    reply = await run();
  } catch (error) {
    // A 503 (nothing was done, a service did not answer) is not the key's answer: the retry
    // with the same key runs again.
    if (error instanceof ApiError && error.code !== 'unavailable') {
      await completeIdempotencyKey(db, scope.accountId, key, {
        status: error.status,
        body: error.body(),
      });
    } else {
      await releaseIdempotencyKey(db, scope.accountId, key);
    }
    throw error;
  }
  await completeIdempotencyKey(db, scope.accountId, key, reply);
  return reply;
}

function pathParams(
  raw: Record<string, string | string[]>,
  schema: AnyObjectSchema | undefined,
): Record<string, string> {
  const params = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]),
  );
  if (schema && !schema.safeParse(params).success) {
    throw new ApiError('not_found', MESSAGES.not_found);
  }
  return params;
}

/**
 * After the door let the key in: the rate limit, then path, query and body, then the
 * handler (under Idempotency-Key when the route honours it). Refusals become the error body.
 */
async function answer<Q extends AnyObjectSchema, B extends z.ZodType>(
  spec: ApiRouteSpec<Q, B>,
  handler: (context: ApiContext<Q, B>) => Promise<ApiReply>,
  door: RouteContext<Record<string, string | string[]>>,
): Promise<Response> {
  const { request, access, db } = door;
  const principal = door.principal as ApiKeyPrincipal;
  const limit = await hitApiRateLimit(db, principal.key);
  try {
    if (!limit.allowed) {
      throw new ApiError(
        'rate_limited',
        'Too many requests for this API key. Slow down and retry later.',
      );
    }
    const params = pathParams(door.params, spec.params);
    const url = new URL(request.url);
    const query = (spec.query ?? NO_QUERY).safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw invalid(query.error, 'query');
    const rawBody = spec.body ? await readBody(request) : undefined;
    const body = spec.body ? spec.body.safeParse(rawBody) : undefined;
    if (body && !body.success) throw invalid(body.error);
    const idempotencyKey = idempotencyKeyOf(request, spec.idempotent);
    const context: ApiContext<Q, B> = {
      access,
      principal,
      query: query.data as z.output<Q>,
      body: body?.data as z.output<B>,
      rawBody,
      params,
      idempotencyKey,
      ip: door.ip,
    };
    const reply = idempotencyKey
      ? await withIdempotency(
          idempotencyKey,
          {
            accountId: access.account.id,
            requestHash: idempotencyRequestHash({
              method: request.method,
              path: url.pathname,
              userId: access.user.id,
              body: rawBody,
            }),
          },
          () => handler(context),
        )
      : await handler(context);
    return json(reply.status, reply.body, { ...limit.headers, ...reply.headers });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error, limit.headers);
    throw error;
  }
}

/**
 * The REST API's door: the route door of the one pipeline (lib/actions/route.ts) with the
 * key pair as principal, the key's own account, and the API's error body.
 */
export function apiRoute<
  Q extends AnyObjectSchema = typeof NO_QUERY,
  B extends z.ZodType = z.ZodNever,
>(spec: ApiRouteSpec<Q, B>, handler: (context: ApiContext<Q, B>) => Promise<ApiReply>) {
  const route = routeDoor<Record<string, string | string[]>>(
    spec.permission,
    (door) => answer(spec, handler, door),
    {
      principal: keyPrincipal,
      accountId: () => null,
      refuse: (reason) => errorResponse(refusal(reason)),
    },
  );
  return async function apiHandler(request: Request, context?: RouteParams): Promise<Response> {
    try {
      return await route(request, { params: context?.params ?? Promise.resolve({}) });
    } catch (error) {
      // Logged without the request: its headers carry the credentials.
      console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed:`, error);
      const body: ApiErrorBody = {
        error: { code: 'internal', message: 'Something went wrong on our side.' },
      };
      return json(500, body, {});
    }
  };
}
