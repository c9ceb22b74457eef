import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { setClock, type ManualClock } from '@/lib/clock';
import { createTeam } from '@/test/factories';
import { decodeResourceCursor, getInstance, listInstances } from './queries';
import { fund, installClock, newInstance } from './test-helpers';

let db: Db;
let clock: ManualClock;
beforeEach(async () => {
  db = await getDb();
  clock = installClock();
  return () => setClock(null);
});

describe('resource lists', () => {
  it('pages newest first with an opaque cursor, and scopes every read to the account', async () => {
    const { org, users } = await createTeam(db, 'Owner');
    const other = await createTeam(db, 'Other');
    await fund(db, org.id, 100 * 10_000);
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      names.push((await newInstance(db, users[0], org, { name: `n-${i}` })).name);
    }
    const first = await listInstances(db, org.id, { limit: 2 });
    expect(first.items.map((i) => i.name)).toEqual(['n-4', 'n-3']);
    const second = await listInstances(db, org.id, { limit: 2, after: first.nextCursor });
    expect(second.items.map((i) => i.name)).toEqual(['n-2', 'n-1']);
    const last = await listInstances(db, org.id, { limit: 2, after: second.nextCursor });
    expect(last).toEqual({ items: [expect.objectContaining({ name: 'n-0' })], nextCursor: null });
    // A tampered cursor is ignored (first page), never an error.
    expect(decodeResourceCursor('not-a-cursor')).toBeNull();
    expect((await listInstances(db, org.id, { after: '%%%' })).items).toHaveLength(5);
    // Another account sees none of them, even by id.
    expect((await listInstances(db, other.org.id)).items).toEqual([]);
    expect(await getInstance(db, other.org.id, first.items[0]!.id)).toBeNull();
    expect(await getInstance(db, org.id, first.items[0]!.id)).toMatchObject({ name: 'n-4' });
  });
});
