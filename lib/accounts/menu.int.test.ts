import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { MENU_ACCOUNTS, menuSearchSchema, searchUserAccounts } from '@/lib/accounts/menu';
import { createUser, insertOrganization, type TestUser } from '@/test/factories';

let db: Db;
let user: TestUser;
const teams: string[] = [];

beforeAll(async () => {
  db = await getDb();
  user = await createUser(db, 'Menu User');
  const stranger = await createUser(db, 'Stranger');
  for (let i = 1; i <= 25; i++) {
    const name = `Team ${String(i).padStart(2, '0')}`;
    await insertOrganization(db, [[user, i % 2 ? 'tech' : 'admin']], name);
    teams.push(name);
  }
  await insertOrganization(db, [[user, 'owner']], 'Discount 100%');
  await insertOrganization(db, [[user, 'owner']], 'Snake_case Ltd');
  // Someone else's organization never shows, whatever the search.
  await insertOrganization(db, [[stranger, 'owner']], 'Team 99');
});

const labels = (result: { accounts: Array<{ kind: string; name: string }> }) =>
  result.accounts.map((a) => (a.kind === 'personal' ? 'Personal Account' : a.name));

describe('searchUserAccounts', () => {
  it('gives the first accounts, personal first then by name, and how many there are', async () => {
    const first = await searchUserAccounts(db, user.id);
    expect(first.total).toBe(28);
    expect(first.accounts).toHaveLength(MENU_ACCOUNTS);
    expect(labels(first)).toEqual([
      'Personal Account',
      'Discount 100%',
      'Snake_case Ltd',
      ...teams.slice(0, MENU_ACCOUNTS - 3),
    ]);
    expect(first.accounts[0]).toMatchObject({ id: user.personalAccountId, role: 'owner' });
  });

  it('finds any of the user’s accounts by its label, ignoring case', async () => {
    const found = await searchUserAccounts(db, user.id, { query: 'team 2' });
    expect(labels(found)).toEqual([
      'Team 20',
      'Team 21',
      'Team 22',
      'Team 23',
      'Team 24',
      'Team 25',
    ]);
    expect(found.total).toBe(6);
    expect(found.accounts.map((a) => a.role)).toEqual([
      'admin',
      'tech',
      'admin',
      'tech',
      'admin',
      'tech',
    ]);
    expect(labels(await searchUserAccounts(db, user.id, { query: 'PERSONAL' }))).toEqual([
      'Personal Account',
    ]);
  });

  it('counts every match while returning at most the limit', async () => {
    const found = await searchUserAccounts(db, user.id, { query: 'Team', limit: 5 });
    expect(labels(found)).toEqual(teams.slice(0, 5));
    expect(found.total).toBe(25);
  });

  it('treats % and _ as text and shows nothing of other users', async () => {
    expect(labels(await searchUserAccounts(db, user.id, { query: '%' }))).toEqual([
      'Discount 100%',
    ]);
    expect(labels(await searchUserAccounts(db, user.id, { query: 'e_c' }))).toEqual([
      'Snake_case Ltd',
    ]);
    const none = await searchUserAccounts(db, user.id, { query: 'Team 99' });
    expect(none).toEqual({ accounts: [], total: 0 });
  });
});

describe('menuSearchSchema', () => {
  it('removes control characters, trims and cuts long input; absent is empty', () => {
    expect(menuSearchSchema.parse({ q: '  Team\u0000 0\u001f1 ' }).q).toBe('Team 01');
    expect(menuSearchSchema.parse({}).q).toBe('');
    expect(menuSearchSchema.parse({ q: 'x'.repeat(500) }).q).toHaveLength(100);
  });
});
