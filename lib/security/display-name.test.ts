import { describe, expect, it } from 'vitest';
import { accountNameSchema } from '@/lib/accounts/schemas';
import { nameSchema } from '@/lib/validation';
import { cleanDisplayName, inertText } from './display-name';

describe('names chosen by users', () => {
  it.each([
    ['bidi override', 'Acme\u202Etxt.exe', 'Acmetxt.exe'],
    ['isolates and marks', '\u2066Acme\u2069 \u200FCorp\u200E', 'Acme Corp'],
    ['control characters', 'Al\u0000i\u001bc\u007fe\u0085', 'Alice'],
    ['line breaks and tabs', 'Acme\n\nCorp\tAG', 'Acme Corp AG'],
    ['full-width lookalikes', 'ｅｖｉｌ．ｅｘａｍｐｌｅ', 'evil.example'],
  ])('are cleaned at input: %s', (_, raw, clean) => {
    expect(cleanDisplayName(raw)).toBe(clean);
    expect(nameSchema.parse(raw)).toBe(clean);
    expect(accountNameSchema.parse(raw)).toBe(clean);
  });

  it('are limited to 100 characters after cleaning, and may not end up empty', () => {
    expect(nameSchema.safeParse('n'.repeat(100)).success).toBe(true);
    expect(nameSchema.safeParse('n'.repeat(101)).success).toBe(false);
    expect(accountNameSchema.safeParse('n'.repeat(101)).success).toBe(false);
    expect(nameSchema.safeParse('\u202E\u0000 ').success).toBe(false);
    expect(accountNameSchema.safeParse('\u202E\u0000 ').success).toBe(false);
  });

  it('are inert in emails: nothing that looks like a domain or address is left whole', () => {
    const shown = inertText('Pay at evil.example or admin@evil.example, https://x.example');
    expect(shown).not.toMatch(/[a-z0-9-]+\.[a-z]{2,}/i);
    expect(shown).not.toContain('https://');
    expect(shown.replace(/\u2060/g, '')).toBe(
      'Pay at evil.example or admin@evil.example, https://x.example',
    );
  });
});
