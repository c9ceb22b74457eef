import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// pgbouncer (Debian's package) in transaction-pooling mode in front of the fault suite's
// cluster, as a deployment with many app instances runs it: a server connection belongs to a
// client only for one transaction, so nothing may rely on session state (session advisory
// locks, LISTEN, named prepared statements, SET). It refuses to run as root: as root it runs
// as `postgres`, in the cluster's directory.

const isRoot = process.getuid?.() === 0;

export function pgbouncerBinary(): string {
  const found = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find(
    (file) => fs.existsSync(file),
  );
  if (!found) throw new Error('pgbouncer is not installed (apt-get install -y pgbouncer)');
  return found;
}

export class PgBouncer {
  private readonly ini: string;
  private readonly pidfile: string;

  constructor(
    readonly dir: string,
    readonly port: number,
    serverPort: number,
  ) {
    this.ini = path.join(dir, 'pgbouncer.ini');
    this.pidfile = path.join(dir, 'pgbouncer.pid');
    fs.writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
    fs.writeFileSync(
      this.ini,
      [
        '[databases]',
        `* = host=127.0.0.1 port=${serverPort}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        `unix_socket_dir = ${dir}`,
        'auth_type = trust',
        `auth_file = ${path.join(dir, 'userlist.txt')}`,
        'pool_mode = transaction',
        'max_client_conn = 500',
        'default_pool_size = 20',
        `pidfile = ${this.pidfile}`,
        `logfile = ${path.join(dir, 'pgbouncer.log')}`,
        'ignore_startup_parameters = extra_float_digits,options',
        '',
      ].join('\n'),
    );
    if (isRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    const args = ['-d', this.ini];
    const result = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', pgbouncerBinary(), ...args], {
          encoding: 'utf8',
        })
      : spawnSync(pgbouncerBinary(), args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pgbouncer failed to start: ${result.stderr}`);
  }

  stop(): void {
    if (!fs.existsSync(this.pidfile)) return;
    const pid = Number.parseInt(fs.readFileSync(this.pidfile, 'utf8'), 10);
    if (!Number.isInteger(pid) || pid <= 0) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
}
