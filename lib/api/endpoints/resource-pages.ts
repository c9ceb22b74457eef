import { z } from 'zod';
import { decodeResourceCursor } from '@/lib/resources/queries';
import { ApiError, MESSAGES } from '../errors';
import { limitSchema } from '../pagination';

// Instances and buckets are listed by the console's own keyset queries
// (lib/resources/queries.ts), with its opaque cursor: the API only refuses a cursor that the
// query would silently read as "the first page".

export const resourcePageQuery = z.object({
  limit: limitSchema,
  cursor: z
    .string()
    .max(120, 'This cursor is not valid.')
    .optional()
    .meta({ description: 'The `next_cursor` of the previous page.' }),
});

/** The cursor as the list query takes it; a cursor it did not produce is a 400. */
export function resourceCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  if (decodeResourceCursor(cursor)) return cursor;
  throw new ApiError('invalid_request', MESSAGES.invalid, {
    cursor: ['This cursor is not valid. Use the next_cursor of a previous page.'],
  });
}
