import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A PostgreSQL cluster of the fault suite's own, under /tmp on a port of its own, so the suite
// can stop and restart "the database" without touching anyone else's server. initdb and
// postgres refuse to run as root: as root the cluster belongs to the `postgres` user.

function binDir(): string {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [
    process.env.PG_BINDIR,
    fromConfig.status === 0 ? fromConfig.stdout.trim() : undefined,
    ...(fs.existsSync('/usr/lib/postgresql')
      ? fs
          .readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ];
  const found = candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!found) throw new Error('PostgreSQL server binaries (pg_ctl, initdb) not found');
  return found;
}

const isRoot = process.getuid?.() === 0;

export class Cluster {
  readonly dir: string;
  private readonly bin = binDir();

  constructor(readonly port: number) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `alp-faults-pg${port}-`));
    if (isRoot) execFileSync('chown', ['postgres:postgres', this.dir]);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private run(program: string, args: string[]): string {
    const file = path.join(this.bin, program);
    const [cmd, argv] = isRoot
      ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
      : [file, args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: this.dir });
    if (result.status !== 0) {
      throw new Error(`${program} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
  }

  init(): void {
    this.run('initdb', ['-D', `${this.dir}/data`, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
    // A throwaway cluster: durability off, small, listening on 127.0.0.1 only.
    fs.appendFileSync(
      `${this.dir}/data/postgresql.conf`,
      [
        `port = ${this.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${this.dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        'shared_buffers = 64MB',
        '',
      ].join('\n'),
    );
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      `${this.dir}/data`,
      '-l',
      `${this.dir}/log`,
      '-w',
      '-t',
      '120',
      'start',
    ]);
  }

  /** Fast shutdown: open connections are terminated, as when a server is stopped for good. */
  stop(): void {
    this.run('pg_ctl', ['-D', `${this.dir}/data`, '-m', 'fast', '-w', '-t', '120', 'stop']);
  }

  isRunning(): boolean {
    const file = path.join(this.bin, 'pg_ctl');
    const args = ['-D', `${this.dir}/data`, 'status'];
    const result = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args])
      : spawnSync(file, args);
    return result.status === 0;
  }

  createDatabase(name: string): void {
    this.run('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', name]);
  }

  /** Stops the cluster (if running) and deletes its files. */
  destroy(): void {
    try {
      if (this.isRunning()) this.stop();
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
