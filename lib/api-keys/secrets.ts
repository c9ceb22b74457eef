import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@/lib/auth/tokens';

// The two halves of an API key pair and how the secret is kept. The key is public (it names
// the pair, like a username); the secret is 32 random bytes, shown once and stored only as
// HMAC-SHA256(pepper, secret). A fast keyed hash is enough for 256 random bits: nobody can
// enumerate them, so a slow hash would only make every API call slow (and the API a cheap
// way to burn our CPU); the pepper lives outside the database, so a leaked table alone
// cannot even check a guess.

export const API_KEY_PREFIX = 'ALPK';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 24 base32 characters: 120 random bits after the prefix. */
const KEY_BODY_LENGTH = 24;
export const API_KEY_PATTERN = /^ALPK[A-Z2-7]{24}$/;
/** 32 bytes in base64url, no padding. */
export const API_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + base32(randomBytes(15), KEY_BODY_LENGTH);
}

export function generateApiSecret(): string {
  return randomBytes(32).toString('base64url');
}

const DEV_PEPPER = 'alpenglow-development-api-key-pepper';

/**
 * The pepper: API_KEY_PEPPER, required in production. Elsewhere a fixed development value
 * keeps keys created in `npm run dev` valid across restarts.
 */
export function apiKeyPepper(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.API_KEY_PEPPER;
  if (configured) {
    if (configured.length < 32) throw new Error('API_KEY_PEPPER must be at least 32 characters.');
    return configured;
  }
  if (env.NODE_ENV === 'production') {
    throw new Error('API_KEY_PEPPER must be set in production (32+ random characters).');
  }
  return DEV_PEPPER;
}

/** HMAC-SHA256(pepper, secret) in hex: the only form of the secret that is stored. */
export function hashApiSecret(secret: string, pepper = apiKeyPepper()): string {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time (unequal lengths compare as different). */
export const secretHashesMatch = (expectedHex: string, actualHex: string): boolean =>
  constantTimeEqual(expectedHex, actualHex);

/** A new pair: what the user sees once, and what is stored. */
export function newApiKeyPair(): { key: string; secret: string; secretHash: string } {
  const secret = generateApiSecret();
  return { key: generateApiKey(), secret, secretHash: hashApiSecret(secret) };
}
