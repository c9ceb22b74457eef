import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, generateToken, hashToken } from '@/lib/auth/tokens';
import { tokenSchema } from '@/lib/validation';

describe('generateToken', () => {
  it('is 43 base64url characters (32 random bytes)', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('passes the token schema used by the email links', () => {
    expect(tokenSchema.safeParse(generateToken()).success).toBe(true);
  });

  it('is distinct every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateToken()));
    expect(tokens.size).toBe(1000);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 hex digest of the token', () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toBe(token);
    expect(hash).not.toContain(token);
  });

  it('matches a known vector', () => {
    expect(hashToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('is deterministic and differs between tokens', () => {
    const a = generateToken();
    const b = generateToken();
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
  });
});

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    const token = generateToken();
    expect(constantTimeEqual(token, `${token}`)).toBe(true);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('é', 'é')).toBe(true);
  });

  it('is false for different strings of the same length', () => {
    expect(constantTimeEqual('abcdef', 'abcdeg')).toBe(false);
    expect(constantTimeEqual('Abcdef', 'abcdef')).toBe(false);
  });

  it('is false for different lengths, including prefixes, without throwing', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  it('compares bytes, not UTF-16 units', () => {
    // Same JS length (1), different UTF-8 byte lengths.
    expect(constantTimeEqual('é', 'e')).toBe(false);
  });
});
