import { API_KEY_PATTERN, API_SECRET_PATTERN } from '@/lib/api-keys/secrets';

// HTTP Basic credentials of the REST API: username = key, password = secret, from the
// Authorization header only (never the query string, which ends up in logs). Anything that
// is not exactly a well-formed pair is "no credentials" — the caller answers 401, never 500.

/** Longer than any valid header ("Basic " + base64 of 28 + 1 + 43 bytes): refused unread. */
const MAX_HEADER_LENGTH = 200;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface BasicCredentials {
  key: string;
  secret: string;
}

export function parseBasicAuthorization(
  header: string | null | undefined,
): BasicCredentials | null {
  if (!header || header.length > MAX_HEADER_LENGTH) return null;
  const match = /^Basic +(\S+) *$/i.exec(header);
  const encoded = match?.[1];
  if (!encoded || encoded.length % 4 !== 0 || !BASE64.test(encoded)) return null;
  const decoded = Buffer.from(encoded, 'base64');
  // Printable ASCII only: a key and a secret never hold anything else.
  if (!decoded.every((byte) => byte >= 0x20 && byte < 0x7f)) return null;
  const text = decoded.toString('ascii');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const key = text.slice(0, colon);
  const secret = text.slice(colon + 1);
  if (!API_KEY_PATTERN.test(key) || !API_SECRET_PATTERN.test(secret)) return null;
  return { key, secret };
}
