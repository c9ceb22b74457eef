import { describe, expect, it } from 'vitest';
import { bucketNameProblem, createInstanceSchema } from './schemas';

describe('bucket names (S3/SOS rules, without dots)', () => {
  it('accepts DNS-compatible names of 3 to 63 characters', () => {
    for (const name of ['abc', 'my-bucket-01', '0ab', 'a'.repeat(63), 'a--b']) {
      expect(bucketNameProblem(name), name).toBeNull();
    }
  });

  it('refuses each broken rule with its own reason', () => {
    expect(bucketNameProblem('ab')).toMatch(/at least 3/);
    expect(bucketNameProblem('a'.repeat(64))).toMatch(/at most 63/);
    expect(bucketNameProblem('10.0.0.1')).toMatch(/IP address/);
    expect(bucketNameProblem('Photos')).toMatch(/lowercase/);
    expect(bucketNameProblem('my.bucket')).toMatch(/only lowercase letters, digits and hyphens/);
    expect(bucketNameProblem('my bucket')).toMatch(/only lowercase letters/);
    expect(bucketNameProblem('-abc')).toMatch(/hyphen/);
    expect(bucketNameProblem('abc-')).toMatch(/hyphen/);
    expect(bucketNameProblem('xn--abc')).toMatch(/xn--/);
  });
});

describe('createInstanceSchema', () => {
  it('normalises the name to lowercase and checks type and zone against the catalog', () => {
    expect(
      createInstanceSchema.parse({ name: ' Web-1 ', type: 'small', zone: 'ch-gva-2' }),
    ).toEqual({ name: 'web-1', type: 'small', zone: 'ch-gva-2' });
    const result = createInstanceSchema.safeParse({ name: 'a_b', type: 'x', zone: 'y' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(['name', 'type', 'zone']);
  });
});
