import { describe, expect, it } from 'vitest';
import {
  API_KEY_PATTERN,
  API_SECRET_PATTERN,
  apiKeyPepper,
  generateApiKey,
  generateApiSecret,
  hashApiSecret,
  newApiKeyPair,
  secretHashesMatch,
} from './secrets';

describe('API key pairs', () => {
  it('a key is ALPK and 24 base32 characters, a secret 32 random bytes in base64url', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey();
      expect(key).toMatch(API_KEY_PATTERN);
      keys.add(key);
      const secret = generateApiSecret();
      expect(secret).toMatch(API_SECRET_PATTERN);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    }
    expect(keys.size).toBe(200);
  });

  it('stores an HMAC of the secret keyed by the pepper, never the secret', () => {
    const { secret, secretHash } = newApiKeyPair();
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash).not.toContain(secret);
    expect(hashApiSecret(secret)).toBe(secretHash);
    // Another pepper gives another hash: the table alone cannot check a guess.
    expect(hashApiSecret(secret, 'another pepper, 32 characters long!')).not.toBe(secretHash);
  });

  it('compares hashes in full: equal matches, any change or length difference does not', () => {
    const hash = hashApiSecret(generateApiSecret());
    expect(secretHashesMatch(hash, hash)).toBe(true);
    const flipped = (hash[0] === 'a' ? 'b' : 'a') + hash.slice(1);
    expect(secretHashesMatch(hash, flipped)).toBe(false);
    expect(secretHashesMatch(hash, hash.slice(0, 63))).toBe(false);
    expect(secretHashesMatch(hash, '')).toBe(false);
  });

  it('requires a pepper of 32+ characters in production; development has a fixed one', () => {
    expect(() => apiKeyPepper({ NODE_ENV: 'production' })).toThrow(/API_KEY_PEPPER/);
    expect(() => apiKeyPepper({ NODE_ENV: 'production', API_KEY_PEPPER: 'short' })).toThrow(
      /at least 32/,
    );
    const pepper = 'p'.repeat(32);
    expect(apiKeyPepper({ NODE_ENV: 'production', API_KEY_PEPPER: pepper })).toBe(pepper);
    expect(apiKeyPepper({ NODE_ENV: 'development' })).toBe(apiKeyPepper({ NODE_ENV: 'test' }));
  });
});
