import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  emailSchema,
  fieldErrors,
  normalizeEmail,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  tokenSchema,
} from '@/lib/validation';

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return fieldErrors(result.error);
}

const valid = { name: 'Alice Example', email: 'alice@example.com', password: 'correct horse' };

describe('normalizeEmail', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeEmail('  alice@example.com \t\n')).toBe('alice@example.com');
  });

  it('lowercases', () => {
    expect(normalizeEmail('Alice@Example.COM')).toBe('alice@example.com');
  });

  it('applies Unicode NFKC before lowercasing', () => {
    expect(normalizeEmail('ＡＬＩＣＥ@example.com')).toBe('alice@example.com');
    expect(normalizeEmail('ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('alice@example.com');
    expect(normalizeEmail('ﬁnn@example.com')).toBe('finn@example.com'); // ligature ﬁ
    // composed and decomposed é end up identical
    expect(normalizeEmail('re\u0301my@example.com')).toBe(normalizeEmail('r\u00e9my@example.com'));
  });

  it('is idempotent', () => {
    for (const raw of ['  ＡＬＩＣＥ@Example.com ', 'Re\u0301my@X.ch', 'bob@example.com']) {
      const once = normalizeEmail(raw);
      expect(normalizeEmail(once)).toBe(once);
    }
  });
});

describe('emailSchema', () => {
  it('outputs the normalised form', () => {
    expect(emailSchema.parse('  ＡＬＩＣＥ@Example.COM ')).toBe('alice@example.com');
  });

  it.each(['not-an-email', 'alice@', '@example.com', 'alice example@example.com'])(
    'refuses %j with a clear message',
    (email) => {
      expect(errorsOf(signUpSchema, { ...valid, email }).email).toEqual([
        'Enter a valid email address, like name@example.com.',
      ]);
    },
  );

  it('asks for an email when it is empty or only spaces', () => {
    expect(errorsOf(signUpSchema, { ...valid, email: '' }).email).toEqual([
      'Enter your email address.',
    ]);
    expect(errorsOf(signUpSchema, { ...valid, email: '   ' }).email).toEqual([
      'Enter your email address.',
    ]);
  });

  it('refuses an address longer than 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(186)}.com`; // 255
    expect(email).toHaveLength(255);
    expect(errorsOf(signUpSchema, { ...valid, email }).email).toContain(
      'That email address is too long.',
    );
  });
});

describe('signUpSchema', () => {
  it('accepts valid input and normalises it', () => {
    expect(
      signUpSchema.parse({
        name: '  Alice Example ',
        email: ' Alice@Example.com',
        password: 'x'.repeat(10),
      }),
    ).toEqual({ name: 'Alice Example', email: 'alice@example.com', password: 'x'.repeat(10) });
  });

  it('has the documented password bounds', () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(PASSWORD_MAX).toBe(200);
  });

  it('password: 9 characters refused, 10 accepted', () => {
    expect(errorsOf(signUpSchema, { ...valid, password: 'x'.repeat(9) }).password).toEqual([
      'Use at least 10 characters.',
    ]);
    expect(signUpSchema.safeParse({ ...valid, password: 'x'.repeat(10) }).success).toBe(true);
  });

  it('password: 200 characters accepted, 201 refused', () => {
    expect(signUpSchema.safeParse({ ...valid, password: 'x'.repeat(200) }).success).toBe(true);
    expect(errorsOf(signUpSchema, { ...valid, password: 'x'.repeat(201) }).password).toEqual([
      'Use at most 200 characters.',
    ]);
  });

  it('password is not trimmed or otherwise altered', () => {
    const password = '  spaced pass  ';
    expect(signUpSchema.parse({ ...valid, password }).password).toBe(password);
  });

  it('missing password asks for one', () => {
    expect(errorsOf(signUpSchema, { name: 'A', email: 'a@example.com' }).password).toEqual([
      'Choose a password.',
    ]);
  });

  it('empty or blank name refused', () => {
    expect(errorsOf(signUpSchema, { ...valid, name: '' }).name).toEqual(['Enter your name.']);
    expect(errorsOf(signUpSchema, { ...valid, name: '   ' }).name).toEqual(['Enter your name.']);
    expect(errorsOf(signUpSchema, { ...valid, name: undefined }).name).toEqual([
      'Enter your name.',
    ]);
  });

  it.each([
    ['Al\u0000ice', 'Alice'],
    ['Al\tice', 'Al ice'],
    ['Al\nice', 'Al ice'],
    ['Al\u001bice', 'Alice'],
    ['Al\u007fice', 'Alice'],
  ])('name with a control character %j is cleaned to %j', (name, clean) => {
    expect(signUpSchema.parse({ ...valid, name }).name).toBe(clean);
  });

  it('name longer than 100 characters refused', () => {
    expect(signUpSchema.safeParse({ ...valid, name: 'n'.repeat(100) }).success).toBe(true);
    expect(errorsOf(signUpSchema, { ...valid, name: 'n'.repeat(101) }).name).toEqual([
      'Use at most 100 characters.',
    ]);
  });

  it('reports every bad field at once', () => {
    const errors = errorsOf(signUpSchema, { name: '', email: 'nope', password: 'short' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'name', 'password']);
  });
});

describe('signInSchema', () => {
  it('does not judge an existing password by the new-password rules', () => {
    expect(signInSchema.safeParse({ email: 'a@example.com', password: 'short' }).success).toBe(
      true,
    );
    expect(errorsOf(signInSchema, { email: 'a@example.com', password: '' }).password).toEqual([
      'Enter your password.',
    ]);
  });
});

describe('tokenSchema', () => {
  const token = 'A'.repeat(20) + '_-' + 'z9'.repeat(10) + 'Q'; // 43 base64url chars

  it('accepts a 43-character base64url token', () => {
    expect(token).toHaveLength(43);
    expect(tokenSchema.parse(token)).toBe(token);
  });

  it.each([
    ['too short', token.slice(0, 42)],
    ['too long', `${token}A`],
    ['padding', `${token.slice(0, 42)}=`],
    ['standard base64 +', `${token.slice(0, 42)}+`],
    ['standard base64 /', `${token.slice(0, 42)}/`],
    ['space', ` ${token.slice(1)}`],
    ['empty', ''],
  ])('refuses a token with %s', (_label, value) => {
    const result = tokenSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'This link is incomplete. Copy the whole link from the email.',
    );
  });
});

describe('resetPasswordSchema', () => {
  const token = 'b'.repeat(43);

  it('accepts matching passwords', () => {
    expect(
      resetPasswordSchema.safeParse({
        token,
        password: 'new password 1',
        confirm: 'new password 1',
      }).success,
    ).toBe(true);
  });

  it('refuses a mismatched confirmation on the confirm field', () => {
    expect(
      errorsOf(resetPasswordSchema, {
        token,
        password: 'new password 1',
        confirm: 'new password 2',
      }),
    ).toEqual({ confirm: ['The two passwords do not match.'] });
  });

  it('applies the new-password rules and the token format', () => {
    const errors = errorsOf(resetPasswordSchema, { token: 'short', password: 'x', confirm: 'x' });
    expect(errors.password).toEqual(['Use at least 10 characters.']);
    expect(errors.token).toEqual(['This link is incomplete. Copy the whole link from the email.']);
  });
});
