import type { z } from 'zod';
import {
  executeAccountAction,
  type AccountActionDefinition,
  type ActionOutcome,
} from '@/lib/actions/core';
import { ApiError, MESSAGES, unauthenticated } from './errors';

// Mutations of the REST API run the console's action definitions through the one pipeline
// (parse → access → lock → re-check → run → audit): one implementation, two doors.

/** Runs `definition` as the request's key on its own account; refusals become ApiErrors. */
export async function runAction<S extends z.ZodType>(
  definition: AccountActionDefinition<S>,
  context: {
    principal: Parameters<typeof executeAccountAction>[1]['principal'];
    accountId: string;
    ip: string;
  },
  input: unknown,
): Promise<ActionOutcome> {
  const result = await executeAccountAction(definition, {
    principal: context.principal,
    accountId: context.accountId,
    input,
    ip: context.ip,
  });
  if (result.ok) {
    if (result.outcome.refused) throw new ApiError('rejected', result.outcome.message);
    return result.outcome;
  }
  switch (result.kind) {
    case 'unauthenticated':
      throw unauthenticated();
    case 'not_found':
      throw new ApiError('not_found', MESSAGES.not_found);
    case 'forbidden':
      throw new ApiError('forbidden', MESSAGES.forbidden);
    case 'invalid':
      throw new ApiError('invalid_request', MESSAGES.invalid, result.fieldErrors);
    case 'rate_limited':
      throw new ApiError('rate_limited', result.message, undefined, {
        'Retry-After': String(result.retryAfterSeconds),
      });
    case 'rejected':
      throw new ApiError(
        result.code ?? (result.conflict ? 'conflict' : 'rejected'),
        result.message,
        result.field ? { [result.field]: [result.message] } : undefined,
      );
  }
}
