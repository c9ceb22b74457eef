import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The console as deployed: `next start` of a production build, one process per instance, on
// a database URL (the fault suite's cluster, or pgbouncer in front of it). The build is the
// e2e suite's (.next-e2e): `npm test` runs the e2e suite first, so the fault suite reuses its
// build; it builds only when that build is missing or older than the sources.

export const DIST_DIR = '.next-e2e';
const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = [
  'app',
  'components',
  'lib',
  'db',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'package-lock.json',
];

function newestSource(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  // Tests beside the modules are not part of the build.
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(full)) {
    newest = Math.max(newest, newestSource(path.join(entry, child)));
  }
  return newest;
}

/** Builds into DIST_DIR unless a build newer than every source file is there (FAULTS_BUILD). */
export function ensureBuild(): void {
  const buildId = path.join(ROOT, DIST_DIR, 'BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map(newestSource));
  const mode = process.env.FAULTS_BUILD ?? 'auto'; // 'always', 'never' (reuse as it is)
  if (mode === 'never' || (mode !== 'always' && built > newest)) return;
  console.info(`[faults] building the console into ${DIST_DIR} …`);
  const result = spawnSync('npx', ['next', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      JOB_RUNNER: 'off',
      DATABASE_URL: '',
      PGLITE_DATA_DIR: 'memory://',
    },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

export const AUTH_SECRET = 'faults-only-secret-not-for-production-0000000';
export const API_KEY_PEPPER = 'faults-only-api-key-pepper-not-for-production';

export class AppInstance {
  private child: ChildProcess | null = null;
  readonly log: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    logDir: string,
  ) {
    this.log = path.join(logDir, `app-${port}.log`);
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const out = fs.openSync(this.log, 'a');
    this.child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/next/dist/bin/next'),
        'start',
        '-p',
        String(this.port),
        '-H',
        '127.0.0.1',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', out, out],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          NEXT_DIST_DIR: DIST_DIR,
          NEXT_TELEMETRY_DISABLED: '1',
          AUTH_SECRET,
          API_KEY_PEPPER,
          AUTH_TRUST_HOST: 'true',
          AUTH_URL: this.origin,
          APP_URL: this.origin,
          PAYMENTS_TEST_MODE: '1',
          AUTH_IP_LIMIT_MULTIPLIER: '50',
          RESEND_API_KEY: '',
          ...this.env,
        },
      },
    );
    fs.closeSync(out);
    const exited = new Promise<never>((_, reject) =>
      this.child?.once('exit', (code) =>
        reject(new Error(`next start on ${this.port} exited (${code}); see ${this.log}`)),
      ),
    );
    exited.catch(() => {});
    // Ready when it answers a page (cold start of a production build: seconds, more when busy).
    const deadline = Date.now() + 180_000;
    for (;;) {
      const status = await Promise.race([
        fetch(`${this.origin}/sign-in`).then(
          (r) => r.status,
          () => 0,
        ),
        exited,
      ]);
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(`next start on ${this.port} not ready; see ${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  tail(lines = 40): string {
    return fs.existsSync(this.log)
      ? fs.readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n')
      : '';
  }
}
