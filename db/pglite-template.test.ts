import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { templateKey } from '@/db/pglite-template';

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');
let tmp: string;
let templateDir: string;
const saved = { dir: process.env.PGLITE_TEMPLATE_DIR, mode: process.env.PGLITE_TEMPLATE };

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alpenglow-template-'));
  templateDir = path.join(tmp, 'cache');
  process.env.PGLITE_TEMPLATE_DIR = templateDir;
  delete process.env.PGLITE_TEMPLATE;
});

afterAll(() => {
  for (const [key, value] of [
    ['PGLITE_TEMPLATE_DIR', saved.dir],
    ['PGLITE_TEMPLATE', saved.mode],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const templates = () => (fs.existsSync(templateDir) ? fs.readdirSync(templateDir) : []);

async function userCount(dataDir: string): Promise<number> {
  const handle = await openDatabase({ dataDir });
  try {
    const rows = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
    return rows.rows[0]!.n;
  } finally {
    await handle.close();
  }
}

describe('PGlite template', () => {
  it('changes its key when a migration changes', () => {
    const copy = path.join(tmp, 'migrations');
    fs.cpSync(migrationsFolder, copy, { recursive: true });
    const before = templateKey(copy);
    expect(templateKey(copy)).toBe(before);
    const first = fs.readdirSync(copy).find((f) => f.endsWith('.sql'))!;
    fs.appendFileSync(path.join(copy, first), '\n-- changed\n');
    expect(templateKey(copy)).not.toBe(before);
  });

  it('is made from the first new database, empty and migrated, and starts the next ones', async () => {
    expect(templates()).toEqual([]);
    const first = await openDatabase({ dataDir: 'memory://' });
    try {
      expect(templates()).toEqual([`pglite-template-${templateKey(migrationsFolder)}.tar.gz`]);
      // Written after the template was taken: must not reach later databases.
      await first.db.execute(
        sql`insert into users (name, email) values ('Later', 'later@example.com')`,
      );
    } finally {
      await first.close();
    }
    const dataDir = path.join(tmp, 'from-template');
    expect(await userCount(dataDir)).toBe(0);
    const handle = await openDatabase({ dataDir });
    await handle.db.execute(
      sql`insert into users (name, email) values ('Kept', 'kept@example.com')`,
    );
    await handle.close();
    // An existing directory is opened as it is, never replaced by the template.
    expect(await userCount(dataDir)).toBe(1);
  }, 180_000);

  it('is neither read nor written when turned off', async () => {
    fs.rmSync(templateDir, { recursive: true, force: true });
    process.env.PGLITE_TEMPLATE = 'off';
    try {
      const handle = await openDatabase({ dataDir: 'memory://' });
      await handle.close();
      expect(templates()).toEqual([]);
    } finally {
      delete process.env.PGLITE_TEMPLATE;
    }
  }, 120_000);
});
