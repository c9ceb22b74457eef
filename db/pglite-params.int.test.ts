import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { listMembers } from '@/lib/members/members';
import { createTeam } from '@/test/factories';

// A lone surrogate is text a client can send (a JSON "\udfff" escape); both drivers must
// take it as U+FFFD, as node-postgres always did, not fail with a 500 on PGlite.
let db: Db;

beforeAll(async () => {
  db = await getDb();
});

describe('a parameter holding a lone surrogate', () => {
  it('arrives as U+FFFD, inside a transaction too', async () => {
    const outside = await db.execute(sql`select ${'\u0800\udfff'}::text as v`);
    expect(outside.rows[0]).toEqual({ v: '\u0800\ufffd' });
    const inside = await db.transaction((tx) =>
      tx.execute(sql`select ${'%\u0800\ud800%'}::text as v`),
    );
    expect(inside.rows[0]).toEqual({ v: '%\u0800\ufffd%' });
  });

  it('searches members like any other text', async () => {
    const { org } = await createTeam(db, 'Owner \u0800\ufffd', ['Tech', 'tech']);
    const { members } = await listMembers(db, org.id, { query: '\u0800\udfff', page: 1 });
    expect(members.map((m) => m.name)).toEqual(['Owner \u0800\ufffd']);
  });
});
