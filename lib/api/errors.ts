import type { FieldErrors } from '@/lib/validation';

// The REST API's one error shape (DESIGN §7) and the one status per kind of failure, the
// same on every endpoint: { "error": { "code", "message", "fields"? } }.

export const API_ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** A create or start while the account is SUSPENDED: pay first (a conflict, not bad input). */
  account_suspended: 409,
  rejected: 422,
  rate_limited: 429,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  error: { code: ApiErrorCode | 'internal'; message: string; fields?: FieldErrors };
}

/** A refusal a handler (or the door) throws; turned into the error body and its status. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }

  body(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}

export const MESSAGES = {
  unauthenticated:
    'Authenticate with HTTP Basic: your API key as the username and its secret as the password.',
  not_found: 'Not found.',
  forbidden: 'Your role in this account does not allow this.',
  invalid: 'The request is not valid: see the fields.',
} as const;

export const WWW_AUTHENTICATE = 'Basic realm="Alpenglow API", charset="UTF-8"';

export const unauthenticated = () =>
  new ApiError('unauthenticated', MESSAGES.unauthenticated, undefined, {
    'WWW-Authenticate': WWW_AUTHENTICATE,
  });
