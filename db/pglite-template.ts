import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Creating a PGlite database from nothing runs initdb inside WebAssembly: 5 to 17 s on a busy
// 2-core machine, paid by every fresh `.data/` and by every integration test file (each gets
// its own in-memory database). Loading a dump of an empty, migrated database takes a fraction
// of that. The dump is made the first time a database is created and kept, like any build
// cache, in node_modules/.cache: a PGlite upgrade or a changed migration makes a new one (the
// key covers both), so a template can never hold an outdated schema.

function cacheDir(): string {
  return (
    process.env.PGLITE_TEMPLATE_DIR ||
    path.join(process.cwd(), 'node_modules', '.cache', 'alpenglow')
  );
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full) : [full];
    })
    .sort();
}

/** Names the template of this PGlite version and this exact set of migration files. */
export function templateKey(migrationsFolder: string): string {
  const hash = createHash('sha256');
  const pglite = path.join(process.cwd(), 'node_modules', '@electric-sql', 'pglite');
  hash.update(fs.readFileSync(path.join(pglite, 'package.json')));
  for (const file of filesUnder(migrationsFolder)) {
    hash.update(path.relative(migrationsFolder, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const templateFile = (key: string) => path.join(cacheDir(), `pglite-template-${key}.tar.gz`);

/** The template for `key`, or null when there is none yet (or templates are turned off). */
export function readTemplate(key: string): Blob | null {
  if (process.env.PGLITE_TEMPLATE === 'off') return null;
  try {
    return new Blob([fs.readFileSync(templateFile(key))]);
  } catch {
    return null;
  }
}

/**
 * Keeps `dump` as the template for `key`, replacing older ones. Written under a temporary
 * name and renamed, so parallel test workers never read half a file. A failure (read-only
 * node_modules) only costs the next start its speed.
 */
export async function writeTemplate(key: string, dump: Blob): Promise<void> {
  if (process.env.PGLITE_TEMPLATE === 'off') return;
  try {
    const dir = cacheDir();
    fs.mkdirSync(dir, { recursive: true });
    const target = templateFile(key);
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, target);
    for (const name of fs.readdirSync(dir)) {
      const old = path.join(dir, name);
      if (name.startsWith('pglite-template-') && old !== target && !name.endsWith('.tmp')) {
        fs.rmSync(old, { force: true });
      }
    }
  } catch (error) {
    console.warn(`[db] could not keep the PGlite template: ${(error as Error).message}`);
  }
}
