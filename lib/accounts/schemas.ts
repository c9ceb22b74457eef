import { z } from 'zod';
import { COUNTRY_CODES } from '@/lib/countries';
import { cleanDisplayName, DISPLAY_NAME_MAX } from '@/lib/security/display-name';
import { emailSchema } from '@/lib/validation';

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .transform((s) => s.trim().normalize('NFKC'))
    .pipe(
      z
        .string()
        .min(1, `Enter the ${label}.`)
        .max(max, `Use at most ${max} characters.`)
        .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Remove control characters.'),
    );

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim().normalize('NFKC'))
    .pipe(
      z
        .string()
        .max(max, `Use at most ${max} characters.`)
        .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'Remove control characters.'),
    );

/** Billing details, shared by the create-organization form, the details page and the API. */
export const billingDetailsSchema = z.object({
  billingName: text('company or legal name', 200),
  billingAddressLine1: text('address', 200),
  billingAddressLine2: optionalText(200),
  billingPostalCode: text('postal code', 20),
  billingCity: text('city', 100),
  billingCountry: z
    .string({ error: 'Choose a country.' })
    .refine((code) => COUNTRY_CODES.has(code), 'Choose a country from the list.'),
  billingVatNumber: optionalText(30).refine(
    (s) => s === '' || /^[A-Za-z0-9 .\-]{4,30}$/.test(s),
    'Use letters, digits, spaces, dots or dashes (e.g. CHE-123.456.789).',
  ),
  billingEmail: emailSchema,
});

/** An organization's name: cleaned like a person's (cleanDisplayName), at most 100. */
export const accountNameSchema = z
  .string({ error: 'Enter the name.' })
  .transform(cleanDisplayName)
  .pipe(
    z
      .string()
      .min(1, 'Enter the name.')
      .max(DISPLAY_NAME_MAX, `Use at most ${DISPLAY_NAME_MAX} characters.`),
  );

export const accountDetailsSchema = billingDetailsSchema.extend({ name: accountNameSchema });

export type AccountDetails = z.output<typeof accountDetailsSchema>;

/** The only account columns a details form may write (status, balance, kind never). */
export const ACCOUNT_DETAIL_FIELDS = [
  'name',
  'billingName',
  'billingAddressLine1',
  'billingAddressLine2',
  'billingPostalCode',
  'billingCity',
  'billingCountry',
  'billingVatNumber',
  'billingEmail',
] as const satisfies readonly (keyof AccountDetails)[];
