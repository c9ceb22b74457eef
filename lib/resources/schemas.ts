import { z } from 'zod';
import { INSTANCE_TYPE_IDS, ZONE_IDS } from './catalog';

// The input of every resource action, shared by the console's forms and the REST API.

const uuid = z.string().trim().uuid('Unknown resource.');

/**
 * Instance names are hostnames: one DNS label (1–63 lowercase letters, digits and hyphens,
 * not starting or ending with a hyphen). They need not be unique.
 */
export const instanceNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter a name.')
  .max(63, 'Use at most 63 characters.')
  .regex(/^[a-z0-9-]+$/, 'Use only letters, digits and hyphens.')
  .regex(/^[a-z0-9](.*[a-z0-9])?$/, 'Start and end with a letter or digit.');

/** Why a bucket name is refused, or null: S3/SOS naming rules, without dots. */
export function bucketNameProblem(name: string): string | null {
  if (name.length < 3) return 'Use at least 3 characters.';
  if (name.length > 63) return 'Use at most 63 characters.';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'A bucket name cannot look like an IP address.';
  if (/[A-Z]/.test(name)) return 'Use lowercase letters only.';
  if (!/^[a-z0-9-]+$/.test(name)) return 'Use only lowercase letters, digits and hyphens.';
  if (name.startsWith('-') || name.endsWith('-'))
    return 'Start and end with a letter or digit, not a hyphen.';
  if (name.startsWith('xn--')) return 'A bucket name cannot start with “xn--”.';
  return null;
}

/** Bucket names are global DNS names (unique across all accounts, see bucket_names). */
export const bucketNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .superRefine((name, ctx) => {
    const problem = bucketNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const zoneSchema = z.enum(ZONE_IDS, { error: 'Choose a zone from the list.' });

export const createInstanceSchema = z.object({
  name: instanceNameSchema,
  type: z.enum(INSTANCE_TYPE_IDS, { error: 'Choose a type from the catalog.' }),
  zone: zoneSchema,
});

export const instanceIdSchema = z.object({ instanceId: uuid });

export const createBucketSchema = z.object({ name: bucketNameSchema, zone: zoneSchema });

export const bucketIdSchema = z.object({ bucketId: uuid });
