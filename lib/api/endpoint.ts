import type { z } from 'zod';
import { apiRoute, type ApiContext, type ApiReply, type ApiRouteSpec } from './route';

// An endpoint of /api/v1 is data: its method and path, its schemas, its permission and its
// handler. The route files under app/api/v1 export `endpoint.handle`; the OpenAPI document
// (lib/api/openapi.ts) is generated from the same specs, so the two cannot drift.

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

type AnyObjectSchema = z.ZodType<Record<string, unknown>>;

export interface EndpointSpec<Q extends AnyObjectSchema, B extends z.ZodType>
  extends ApiRouteSpec<Q, B> {
  method: HttpMethod;
  /** Relative to /api/v1, OpenAPI style: `/members/{userId}`. */
  path: `/${string}`;
  summary: string;
  description?: string;
  tag: string;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType };
  /** Refusals this endpoint can give beyond 400/401/403/429 (documented). */
  errors?: Array<404 | 409 | 422>;
}

export interface Endpoint {
  spec: EndpointSpec<AnyObjectSchema, z.ZodType>;
  handle: ReturnType<typeof apiRoute>;
}

/**
 * The statuses an endpoint can answer: its success, the door's refusals and its own, and 503
 * while the database or a provider it needs cannot be reached.
 */
export function documentedStatuses(spec: Endpoint['spec']): number[] {
  const own = [...(spec.errors ?? []), ...(spec.idempotent ? [409] : [])];
  return [...new Set([spec.success.status, 400, 401, 403, ...own, 429, 503])].sort((a, b) => a - b);
}

export function defineEndpoint<Q extends AnyObjectSchema, B extends z.ZodType>(
  spec: EndpointSpec<Q, B>,
  handler: (context: ApiContext<Q, B>) => Promise<ApiReply>,
): Endpoint {
  return {
    spec: spec as unknown as Endpoint['spec'],
    handle: apiRoute(spec, handler),
  };
}
