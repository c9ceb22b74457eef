import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { AccessError, checkAccess, type AccessContext, type Principal } from '@/lib/authz/access';
import type { Permission } from '@/lib/authz/permissions';
import { clientIpFromHeaders } from '@/lib/http/client-ip';
import { RateLimitedError } from '@/lib/security/throttle';
import {
  executeAccountAction,
  type AccountActionDefinition,
  type ActionRefusal,
  type ActionResult,
} from './core';

// The route handler door of the one pipeline. `routeDoor(permission, handler, door)` answers
// who asks and whether they may (the one access check) before the handler runs, with one
// status per refusal; a handler that changes something runs an action definition through the
// same core as the forms (`context.run`). The console's `accountRoute` (index.ts) is this with
// the session as principal; the REST API's door is this with the key pair and its error body.

/** One status per kind of result, the same on every route. */
export const REFUSAL_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  rejected: 422,
  rate_limited: 429,
} as const satisfies Record<Exclude<ActionResult, { ok: true }>['kind'], number>;

export interface RouteContext<P> {
  request: Request;
  params: P;
  principal: Principal;
  access: AccessContext;
  db: Db;
  ip: string;
  /** Runs an account action (as its form would) on this route's account and principal. */
  run: <S extends z.ZodType, D>(
    definition: AccountActionDefinition<S, D>,
    input: unknown,
  ) => Promise<ActionResult<D>>;
}

export interface RouteDoor<P> {
  /** Who asks (the session cookie for the console, the key pair for the API). */
  principal: (request: Request) => Promise<Principal | null>;
  /** Which account (default: the `[accountId]` segment); null when the principal names it. */
  accountId: (params: P) => string | null;
  /** The answer to a refusal (default: a short plain-text body with its status). */
  refuse: (reason: ActionRefusal) => Response;
}

const MESSAGES: Record<ActionRefusal, string> = {
  unauthenticated: 'Sign in first.',
  not_found: 'Not found.',
  forbidden: 'Your role in this account does not allow this.',
};

/** A plain-text answer that no cache keeps (and no shared cache may hold). */
export function textResponse(status: number, body: string): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
}

/**
 * A route handler for one account and one permission: nothing in `handler` runs for a
 * signed-out caller (401), a non-member (404: the account does not exist for them) or a role
 * without the permission (403).
 */
export function routeDoor<P extends Record<string, string | string[]>>(
  permission: Permission,
  handler: (context: RouteContext<P>) => Promise<Response>,
  door: Partial<RouteDoor<P>> & Pick<RouteDoor<P>, 'principal'>,
) {
  const principalOf = door.principal;
  const accountOf = door.accountId ?? ((params: P) => String(params.accountId ?? ''));
  const refuse =
    door.refuse ?? ((reason) => textResponse(REFUSAL_STATUS[reason], MESSAGES[reason]));
  return async function route(
    request: Request,
    { params }: { params: Promise<P> },
  ): Promise<Response> {
    const resolved = await params;
    const principal = await principalOf(request);
    if (!principal) return refuse('unauthenticated');
    const db = await getDb();
    let access: AccessContext;
    try {
      access = await checkAccess(principal, accountOf(resolved), permission, db);
    } catch (error) {
      if (error instanceof AccessError) return refuse(error.reason);
      throw error;
    }
    const ip = clientIpFromHeaders(request.headers);
    try {
      return await handler({
        request,
        params: resolved,
        principal,
        access,
        db,
        ip,
        run: (definition, input) =>
          executeAccountAction(definition, { principal, accountId: access.account.id, input, ip }),
      });
    } catch (error) {
      // A limit a handler enforces itself (enforceLimits): 429 with when to try again.
      if (!(error instanceof RateLimitedError)) throw error;
      return rateLimitedResponse(error.message, error.retryAfterSeconds);
    }
  };
}

/** 429 with Retry-After (seconds) and the "try again in N minutes" message. */
export function rateLimitedResponse(message: string, retryAfterSeconds: number): Response {
  const response = textResponse(429, message);
  response.headers.set('Retry-After', String(retryAfterSeconds));
  return response;
}
