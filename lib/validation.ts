import { z } from 'zod';
import { cleanDisplayName, DISPLAY_NAME_MAX } from '@/lib/security/display-name';

/** Trim, Unicode NFKC, lowercase: the one form in which emails are stored and compared. */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase();
}

/** A UUID in its canonical text form, any case (the one pattern for ids in URLs and cursors). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, 'Enter your email address.')
      .max(254, 'That email address is too long.')
      .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' })),
  );

export const newPasswordSchema = z
  .string({ error: 'Choose a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

/** A person's name: cleaned of control and bidi-override characters (cleanDisplayName). */
export const nameSchema = z
  .string({ error: 'Enter your name.' })
  .transform(cleanDisplayName)
  .pipe(
    z
      .string()
      .min(1, 'Enter your name.')
      .max(DISPLAY_NAME_MAX, `Use at most ${DISPLAY_NAME_MAX} characters.`),
  );

export const signUpSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  // Not the new-password rules: an existing password is checked, not judged.
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX, 'Password too long.'),
  callbackUrl: z.string().max(2000).optional(),
});

export const emailOnlySchema = z.object({ email: emailSchema });

export const tokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'This link is incomplete. Copy the whole link from the email.');

export const resetPasswordSchema = z
  .object({
    token: tokenSchema,
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, {
    path: ['confirm'],
    message: 'The two passwords do not match.',
  });

export type FieldErrors = Record<string, string[] | undefined>;

/** zod error → { field: [messages] }, for forms and the API's `fields`. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
