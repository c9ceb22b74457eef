import { z } from 'zod';
import { cursorSchema } from '@/lib/audit/cursor';

// ---------------------------------------------------------------------------
// Query parameters of the page and of the export (URL searchParams).
// ---------------------------------------------------------------------------

/** An empty form field (the "All" choice) means "no filter". */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const auditQuerySchema = z
  .object({
    action: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Choose one action.' })
        .regex(/^[a-z_.]{1,64}$/, 'Unknown action format.')
        .optional(),
    ),
    actor: z.preprocess(blankToUndefined, z.uuid({ error: 'Choose one actor.' }).optional()),
    before: z.preprocess(blankToUndefined, cursorSchema.optional()),
    after: z.preprocess(blankToUndefined, cursorSchema.optional()),
  })
  .refine((q) => !(q.before && q.after), {
    message: 'Use either a newer or an older page link, not both.',
    path: ['before'],
  });

export type AuditQuery = z.output<typeof auditQuerySchema>;

/** Next's searchParams (string | string[] | undefined) → a plain object for the schema. */
export function searchParamsToObject(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries =
    params instanceof URLSearchParams
      ? groupEntries(params)
      : Object.entries(params).filter(([, v]) => v !== undefined);
  for (const [key, value] of entries) {
    if (key === 'action' || key === 'actor' || key === 'before' || key === 'after') {
      out[key] = value;
    }
  }
  return out;
}

function groupEntries(params: URLSearchParams): Array<[string, string | string[]]> {
  const grouped = new Map<string, string | string[]>();
  for (const [key, value] of params) {
    const seen = grouped.get(key);
    grouped.set(key, seen === undefined ? value : [...[seen].flat(), value]);
  }
  return [...grouped];
}

/** Human messages for a failed query parse (shown on the page, or as the 400 body). */
export function describeQueryError(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.message))].join(' ');
}
