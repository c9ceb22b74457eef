import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { listMembers, MEMBER_SEARCH_MAX_LENGTH, sanitizeMemberSearch } from '@/lib/members/members';
import { createTeam } from '@/test/factories';

// The member search comes straight from the URL (`/a/{id}/users?q=…`): control characters
// (PostgreSQL refuses a NUL in text: `?q=%00` was a 500) never reach the database, whichever
// caller passes the query.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

describe('sanitizeMemberSearch', () => {
  it('removes C0, DEL and C1 control characters, then trims', () => {
    expect(sanitizeMemberSearch('a\u0000b')).toBe('ab');
    expect(sanitizeMemberSearch('\u0000')).toBe('');
    expect(sanitizeMemberSearch(' \tAda\r\n\u001b[31m\u007f\u0085 ')).toBe('Ada[31m');
    expect(sanitizeMemberSearch('Zoë Müller ✓')).toBe('Zoë Müller ✓');
  });

  it('keeps at most MEMBER_SEARCH_MAX_LENGTH characters, never half a surrogate pair', () => {
    expect(sanitizeMemberSearch('x'.repeat(500))).toHaveLength(MEMBER_SEARCH_MAX_LENGTH);
    const emoji = sanitizeMemberSearch('😀'.repeat(150));
    expect(Array.from(emoji)).toHaveLength(MEMBER_SEARCH_MAX_LENGTH);
    expect(emoji).toBe('😀'.repeat(MEMBER_SEARCH_MAX_LENGTH));
  });
});

describe('listMembers with a crafted search', () => {
  it("query 'a\\u0000b' works without a database error", async () => {
    const { org } = await createTeam(db, 'Owner', ['Alice Qxq', 'tech']);
    await expect(listMembers(db, org.id, { query: 'a\u0000b' })).resolves.toMatchObject({
      total: expect.any(Number),
    });
    // The NUL is dropped: "qx" matches Alice Qxq (and no generated email: hex and x.test).
    const { members } = await listMembers(db, org.id, { query: 'q\u0000x' });
    expect(members.map((m) => m.name)).toEqual(['Alice Qxq']);
  });

  it('a search of only control characters lists everyone (no filter)', async () => {
    const { org } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const all = await listMembers(db, org.id);
    const crafted = await listMembers(db, org.id, { query: '\u0000\u0001\u007f' });
    expect(crafted).toEqual(all);
    expect(crafted.total).toBe(2);
  });

  it('a NUL on a later page and LIKE wildcards are harmless too', async () => {
    const { org } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    await expect(listMembers(db, org.id, { query: '%\u0000_', page: 3 })).resolves.toEqual({
      members: [],
      total: 0,
    });
  });
});
