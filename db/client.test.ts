import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, acquireDataDirLock, openDatabase } from '@/db/client';

const projectRoot = path.resolve(import.meta.dirname, '..');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alpenglow-lock-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  }
});

function freshDataDir(): { dataDir: string; lockPath: string } {
  const dataDir = path.join(fs.mkdtempSync(path.join(tmp, 'case-')), 'pglite');
  return { dataDir, lockPath: `${dataDir}.lock` };
}

/** A live process that is not this one. */
async function startOtherProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  if (!child.pid) throw new Error('child has no pid');
  return child.pid;
}

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '0']);
  expect(result.status).toBe(0);
  const pid = result.pid;
  expect(() => process.kill(pid, 0)).toThrow(); // really gone
  return pid;
}

describe('acquireDataDirLock', () => {
  it('takes a free directory, writing its pid into <dataDir>.lock', () => {
    const { dataDir, lockPath } = freshDataDir();
    const release = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('refuses, naming `npm run dev`, while another live process holds the lock', async () => {
    const { dataDir, lockPath } = freshDataDir();
    const otherPid = await startOtherProcess();
    fs.mkdirSync(path.dirname(lockPath), { recursive: true });
    fs.writeFileSync(lockPath, String(otherPid));

    let caught: unknown;
    try {
      acquireDataDirLock(dataDir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseLockedError);
    const message = (caught as Error).message;
    expect(message).toContain('npm run dev');
    expect(message).toContain(String(otherPid));
    expect(message).toContain(dataDir);
    expect(message).toContain('DATABASE_URL');
    // The other process keeps its lock.
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(otherPid));
  });

  it('takes over a stale lock whose process has exited', () => {
    const { dataDir, lockPath } = freshDataDir();
    fs.mkdirSync(path.dirname(lockPath), { recursive: true });
    fs.writeFileSync(lockPath, String(deadPid()));
    const release = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('takes over a lock file with garbage in it', () => {
    const { dataDir, lockPath } = freshDataDir();
    fs.mkdirSync(path.dirname(lockPath), { recursive: true });
    fs.writeFileSync(lockPath, 'not a pid');
    const release = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('lets the same process acquire again', () => {
    const { dataDir, lockPath } = freshDataDir();
    const first = acquireDataDirLock(dataDir);
    const second = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    second();
    first();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('release removes the lock file, and then another process may take it', async () => {
    const { dataDir, lockPath } = freshDataDir();
    const release = acquireDataDirLock(dataDir);
    expect(fs.existsSync(lockPath)).toBe(true);
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
    release(); // idempotent
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('release leaves alone a lock that now belongs to someone else', async () => {
    const { dataDir, lockPath } = freshDataDir();
    const release = acquireDataDirLock(dataDir);
    const otherPid = await startOtherProcess();
    fs.writeFileSync(lockPath, String(otherPid));
    release();
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(otherPid));
  });
});

describe('openDatabase on a PGlite data directory held by another process', () => {
  const clientModule = pathToFileURL(path.join(projectRoot, 'db', 'client.ts')).href;
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

  /** Runs `openDatabase({ dataDir })` in a separate process (as `npm run seed` would). */
  function openInChild(dataDir: string) {
    const script = path.join(tmp, `open-${Date.now()}-${Math.random().toString(36).slice(2)}.mts`);
    fs.writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(clientModule)};
const handle = await openDatabase({ dataDir: process.argv[2] });
const { rows } = await handle.db.execute("select count(*)::int as n from users where email = 'lock@example.test'");
console.log('USERS=' + rows[0].n);
await handle.close();
`,
    );
    return new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(tsx, [script, dataDir], { cwd: projectRoot, env: { ...process.env } });
        children.push(child);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      },
    );
  }

  it('the second process refuses with the clear message; once the first closes, it opens', async () => {
    const { dataDir, lockPath } = freshDataDir();
    const handle = await openDatabase({ dataDir });
    try {
      expect(handle.driver).toBe('pglite');
      expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
      await handle.db.execute(
        "insert into users (name, email) values ('Lock', 'lock@example.test')",
      );

      const refused = await openInChild(dataDir);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(`already open in process ${process.pid}`);
      expect(refused.stderr).toContain('npm run dev');
      expect(refused.stdout).not.toContain('USERS=');
      // The refusal did not disturb the owner: the lock and the data are intact.
      expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
      const { rows } = await handle.db.execute('select count(*)::int as n from users');
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      await handle.close();
    }
    expect(fs.existsSync(lockPath)).toBe(false);

    const opened = await openInChild(dataDir);
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    expect(opened.stdout).toContain('USERS=1'); // the first process's write is there
    expect(fs.existsSync(lockPath)).toBe(false);
  }, 300_000);
});
