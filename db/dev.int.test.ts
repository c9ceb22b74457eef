import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, getDatabase, getDb } from './client';
import { prepareDevDatabase } from './dev';
import { DEMO_USERS } from '@/scripts/seed';
import { users } from './schema';

// Opening PGlite and seeding the demo data take minutes on a loaded 2-core machine.
const SLOW = 300_000;

const userCount = async () => (await (await getDb()).select({ n: count() }).from(users))[0]!.n;

describe('the dev server database (prepared inside the server)', () => {
  it(
    'hands no caller the database before the demo seed is in it',
    async () => {
      await closeDb();
      const preparing = prepareDevDatabase();
      // Asked for while the seed runs: answered with the seeded database, not an empty one.
      const db = await getDb();
      const alice = await db.query.users.findFirst({
        where: (u, { eq }) => eq(u.email, DEMO_USERS[0].email),
      });
      expect(alice?.name).toBe(DEMO_USERS[0].name);
      await preparing;
    },
    SLOW,
  );

  it(
    'seeds once: a second preparation of the open database adds nothing',
    async () => {
      const before = await userCount();
      await prepareDevDatabase();
      expect(await userCount()).toBe(before);
    },
    SLOW,
  );

  it(
    'a failed preparation closes that handle, and the next caller opens a usable one',
    async () => {
      await closeDb();
      const failing = getDatabase(async () => {
        throw new Error('preparation failed');
      });
      await expect(failing).rejects.toThrow('preparation failed');
      const { db } = await getDatabase();
      expect(await db.select({ n: count() }).from(users)).toHaveLength(1);
    },
    SLOW,
  );
});
