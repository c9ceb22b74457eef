import { z } from 'zod';
import 'zod-openapi';
import { API_ERROR_STATUS } from './errors';

// Response shapes shared by the endpoints, written once as zod: the handlers' replies are
// checked against them in the contract test, and the OpenAPI document is generated from them.
// Objects are strict, so a field the document does not describe fails that test.

export const moneySchema = z
  .strictObject({
    amount: z
      .string()
      .regex(/^-?\d+\.\d{4}$/)
      .meta({ example: '12.3456' }),
    currency: z.string().length(3).meta({ example: 'CHF' }),
  })
  .meta({
    id: 'Money',
    description: 'An exact decimal amount in 1/10,000 of the currency (never a float).',
  });

export const timestampSchema = z.iso
  .datetime({ offset: true })
  .meta({ example: '2026-12-02T13:05:00.000Z' });

export const roleSchemaOut = z.enum(['owner', 'tech', 'admin']).meta({ id: 'Role' });

export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum([
        ...(Object.keys(API_ERROR_STATUS) as [keyof typeof API_ERROR_STATUS]),
        'internal',
      ]),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error: a stable code, a message, field errors.' });

/** `{ data: [...], next_cursor }` of a list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    data: z.array(item),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
}

/** ISO 8601 in UTC from a Date (microsecond strings from SQL pass through unchanged). */
export const iso = (value: Date | string | null): string | null =>
  value === null ? null : typeof value === 'string' ? value : value.toISOString();
