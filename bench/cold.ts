// `npm run bench:cold`: how long `npm run dev` takes on a fresh checkout (committed files of
// HEAD, node_modules hard-linked, no .data/, no .next/) until it serves its first page, and
// where the seconds go: the database phases are timed in a separate process first (PGlite
// start on an empty directory, migrations, demo seed), then `npm run dev` is timed line by line
// up to the first sign-in page and the first console page of a signed-in user.
// --no-template removes the cached PGlite template from the checkout (a machine's first start);
// --ref=<commit> times another commit (before/after on a machine whose load moves: alternate).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportCheckout } from './checkout';
import { signIn } from './context';

const { values: args } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    // Without the cached PGlite template: a machine's very first start.
    'no-template': { type: 'boolean', default: false },
    ref: { type: 'string', default: 'HEAD' },
  },
});
const PORT = Number(process.env.BENCH_COLD_PORT ?? 3254);
const outFile = `bench/cold${args['no-template'] ? '-no-template' : ''}${args.ref === 'HEAD' ? '' : `-${args.ref}`}.json`;

function freshCheckout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpenglow-cold-'));
  exportCheckout(args.ref, dir);
  dropTemplateIfAsked(dir);
  return dir;
}

/** --no-template: before the probe, and again after it (opening a database makes one). */
function dropTemplateIfAsked(dir: string) {
  if (!args['no-template']) return;
  const cache = path.join(dir, 'node_modules', '.cache', 'alpenglow');
  fs.rmSync(cache, { recursive: true, force: true });
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const key of ['DATABASE_URL', 'PGLITE_DATA_DIR', 'NEXT_DIST_DIR', 'AUTH_SECRET']) {
    delete env[key];
  }
  return env;
}

/** The database phases on their own, in the checkout, on a throw-away data directory. */
function databasePhases(dir: string): Record<string, number> {
  const script = `
    import fs from 'node:fs';
    import { performance } from 'node:perf_hooks';
    fs.mkdirSync('.data', { recursive: true });
    const t = [performance.now()];
    const { openDatabase } = await import('./db/client');
    t.push(performance.now());
    const { PGlite } = await import('@electric-sql/pglite');
    const raw = await PGlite.create('.data/phase-probe-raw');
    t.push(performance.now());
    await raw.close();
    const handle = await openDatabase({ dataDir: '.data/phase-probe' });
    t.push(performance.now());
    const { seed } = await import('./scripts/seed/index');
    await seed(handle.db);
    t.push(performance.now());
    await handle.close();
    const s = (i) => Math.round(t[i + 1] - t[i]) / 1000;
    console.log(JSON.stringify({
      'import db client': s(0),
      'PGlite on an empty directory (no migrations)': s(1),
      'open + migrate (the dev server path)': s(2),
      'demo seed': s(3),
    }));`;
  fs.writeFileSync(path.join(dir, 'phase-probe.mts'), script);
  const result = spawnSync('npx', ['tsx', 'phase-probe.mts'], { cwd: dir, env: cleanEnv() });
  fs.rmSync(path.join(dir, '.data'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'phase-probe.mts'));
  if (result.status !== 0) throw new Error(`phase probe failed: ${result.stderr.toString()}`);
  return JSON.parse(result.stdout.toString().trim().split('\n').pop()!) as Record<string, number>;
}

async function firstOk(url: string, headers: Record<string, string>, deadline: number) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { headers, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

async function devTimeline(dir: string) {
  const started = Date.now();
  const at = () => Math.round(Date.now() - started) / 1000;
  const lines: Array<[number, string]> = [];
  const child = spawn('npm', ['run', 'dev', '--', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: dir,
    env: cleanEnv(),
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push([at(), line]);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const origin = `http://127.0.0.1:${PORT}`;
  try {
    const deadline = started + 600_000;
    await firstOk(`${origin}/sign-in`, {}, deadline);
    const signInPage = at();
    const cookie = await signIn(origin, 'alice@example.com', 'alpenglow-demo');
    const signedIn = at();
    const acme = 'ac000000-0000-4000-8000-000000000001';
    await firstOk(`${origin}/a/${acme}`, { cookie }, deadline);
    return { signInPage, signedIn, consolePage: at(), lines };
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGINT'); // the npm → tsx/next group we started
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function main() {
  const dir = freshCheckout();
  console.log(`[cold] fresh checkout of ${args.ref} in ${dir}`);
  try {
    const phases = databasePhases(dir);
    dropTemplateIfAsked(dir);
    console.log('[cold] database phases, alone (seconds):');
    for (const [phase, seconds] of Object.entries(phases)) console.log(`  ${seconds}\t${phase}`);
    const timeline = await devTimeline(dir);
    console.log('\n[cold] npm run dev, seconds since start:');
    for (const [t, line] of timeline.lines) console.log(`  ${t.toFixed(1).padStart(6)}  ${line}`);
    console.log(`\n  ${timeline.signInPage.toFixed(1)} s: first page served (/sign-in, 200)`);
    console.log(`  ${timeline.signedIn.toFixed(1)} s: signed in`);
    console.log(`  ${timeline.consolePage.toFixed(1)} s: first console page (Acme overview)`);
    const results = {
      date: new Date().toISOString(),
      ref: args.ref,
      cpus: os.cpus().length,
      loadAverageAtStart: os.loadavg(),
      databasePhases: phases,
      firstPageSeconds: timeline.signInPage,
      firstConsolePageSeconds: timeline.consolePage,
      devLog: timeline.lines,
    };
    fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwritten: ${outFile}`);
  } finally {
    if (args.keep) console.log(`[cold] kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
