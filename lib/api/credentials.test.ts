import { describe, expect, it } from 'vitest';
import { generateApiKey, generateApiSecret } from '@/lib/api-keys/secrets';
import { parseBasicAuthorization } from './credentials';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('parseBasicAuthorization', () => {
  const key = generateApiKey();
  const secret = generateApiSecret();

  it('reads key:secret from a Basic header (scheme case-insensitive)', () => {
    expect(parseBasicAuthorization(basic(`${key}:${secret}`))).toEqual({ key, secret });
    const encoded = Buffer.from(`${key}:${secret}`).toString('base64');
    expect(parseBasicAuthorization(`basic ${encoded}`)).toEqual({ key, secret });
  });

  it.each([
    ['no header', null],
    ['empty', ''],
    ['another scheme', `Bearer ${secret}`],
    ['no credentials', 'Basic '],
    ['not base64', 'Basic %%%%'],
    ['base64 of bad length', 'Basic QUxQSw'],
    ['no colon', basic(`${key}${secret}`)],
    ['empty secret', basic(`${key}:`)],
    ['empty key', basic(`:${secret}`)],
    ['key without prefix', basic(`${key.slice(4)}XXXX:${secret}`)],
    ['lowercase key', basic(`${key.toLowerCase()}:${secret}`)],
    ['key too short', basic(`${key.slice(0, -1)}:${secret}`)],
    ['secret too long', basic(`${key}:${secret}A`)],
    ['secret too short', basic(`${key}:${secret.slice(1)}`)],
    ['non-ASCII', basic(`${key}:${secret.slice(0, -1)}é`)],
    ['control character', basic(`${key}:${secret.slice(0, -1)}\u0000`)],
    ['trailing junk', `${basic(`${key}:${secret}`)} extra`],
    ['huge header', `Basic ${'A'.repeat(10_000)}`],
  ])('refuses %s', (_name, header) => {
    expect(parseBasicAuthorization(header)).toBeNull();
  });
});
