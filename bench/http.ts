// `npm run bench:http`: the console through Next.js under concurrency, against a bare Next.js
// app of the same version, on PostgreSQL. See README "Performance" for what it does and the
// options (--duration, --warmup, --rounds, --connections, --only, --reseed, --skip-build,
// --statements, --cpu-prof, --compare).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BARE_DIR, BARE_PAGE, BARE_ROUTE, writeBareApp } from './bare';
import {
  cases as allCases,
  seedExtensions,
  type BenchCase,
  type BenchContext,
  type LoadRequest,
} from './cases';
import { createContext } from './context';
import { profileMode, statementsMode } from './modes';
import { exportCheckout, resolveCommit } from './checkout';
import {
  printComparison,
  printTable,
  type CaseReport,
  type Measurement,
  summarise,
} from './report';
import { runLoad, verifyCase, type LoadSettings } from './run';
import { SEED_VERSION, seedBench, seededVersion } from './seed';
import { nextBuild, startNext, type RunningServer } from './server';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    only: { type: 'string' },
    reseed: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    statements: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    compare: { type: 'string' },
  },
});

const DIST_DIR = '.next-bench';
const PORT = Number(process.env.BENCH_PORT ?? 3251);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? PORT + 1);
const DB_NAME = process.env.BENCH_DB_NAME ?? 'bench_http';
// API keys are made by the bench (cases.ts) and checked by the app: one pepper for both.
process.env.API_KEY_PEPPER ??= 'bench-only-api-key-pepper-not-for-production';
const settings: LoadSettings = {
  connections: Number(args.connections),
  duration: Number(args.duration),
  warmup: Number(args.warmup),
};

async function prepareDatabase(): Promise<string> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DB_NAME)) throw new Error(`bad BENCH_DB_NAME ${DB_NAME}`);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    const url = new URL(server);
    url.pathname = `/${DB_NAME}`;
    // Reused only when it holds this very data set; anything else starts from scratch.
    const keep = exists.rowCount !== 0 && !args.reseed && (await holdsDataSet(url.toString()));
    if (!keep) {
      await admin.query(`drop database if exists "${DB_NAME}" with (force)`);
      await admin.query(`create database "${DB_NAME}"`);
    }
    return url.toString();
  } finally {
    await admin.end();
  }
}

async function holdsDataSet(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await seededVersion(async (text) => (await client.query(text)).rows)) === SEED_VERSION;
  } catch {
    return false; // no schema yet
  } finally {
    await client.end();
  }
}

function appEnv(databaseUrl: string, port = PORT): NodeJS.ProcessEnv {
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? 'bench-only-secret-not-for-production-0000',
    // The per-key limit (600 a minute) would answer most of the load with 429: raised so the
    // API cases measure the request, while still paying the limit's own round trip.
    API_RATE_LIMIT_PER_MINUTE: '100000000',
    AUTH_TRUST_HOST: 'true',
    AUTH_URL: origin,
    APP_URL: origin,
  };
  delete env.RESEND_API_KEY;
  return env;
}

const startApp = (databaseUrl: string, nodeArgs: string[] = []) =>
  startNext({
    dir: '.',
    port: PORT,
    env: appEnv(databaseUrl),
    nodeArgs,
    readyPath: '/sign-in',
    logFile: path.join('.bench', 'app.log'),
  });

export interface Prepared {
  benchCase: BenchCase;
  request: LoadRequest;
  ctx: BenchContext;
}

async function prepareCases(
  app: RunningServer,
  pool: pg.Pool,
  distDir = DIST_DIR,
): Promise<Prepared[]> {
  const ctx = createContext({ origin: app.origin, pool, distDir });
  const only = args.only ? new RegExp(args.only, 'i') : null;
  const prepared: Prepared[] = [];
  for (const benchCase of allCases.filter((c) => !only || only.test(c.name))) {
    const request = await benchCase.prepare(ctx);
    const check = await verifyCase(app.origin, request, benchCase.expect);
    if (!check.ok && benchCase.optional && check.problem.startsWith('HTTP 404')) {
      console.log(`[bench] case “${benchCase.name}” left out: no such route in this build`);
      continue;
    }
    if (!check.ok) throw new Error(`case “${benchCase.name}”: ${check.problem}`);
    prepared.push({ benchCase, request: await refreshed(benchCase, request, ctx), ctx });
  }
  return prepared;
}

/** A case that changes its own data is prepared again (after its check changed it, too). */
async function refreshed(benchCase: BenchCase, request: LoadRequest, ctx: BenchContext) {
  return benchCase.refresh ? benchCase.prepare(ctx) : request;
}

interface Target {
  /** '' for the working tree; ' @<commit>' for the --compare build. */
  label: string;
  app: RunningServer;
  prepared: Prepared[];
}

async function loadRounds(targets: Target[], bare: RunningServer) {
  const rounds = Number(args.rounds);
  const measurements: Measurement[] = [];
  const baselines: Array<[string, 'route' | 'page', string]> = [
    ['bare route handler', 'route', BARE_ROUTE],
    ['bare page (10-row table)', 'page', BARE_PAGE],
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const [name, kind, route] of baselines) {
      const result = await runLoad(bare.origin, { path: route }, settings);
      measurements.push({ name, round, baseline: kind, isBaseline: true, result });
      console.log(`[bench] round ${round} · ${name}: ${result.rps.toFixed(0)} req/s`);
    }
    // With --compare, each case runs on both builds back to back, in alternating order.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (let i = 0; i < targets[0]!.prepared.length; i++) {
      for (const { label, app, prepared } of order) {
        const { benchCase, request, ctx } = prepared[i]!;
        const result = await runLoad(
          app.origin,
          await refreshed(benchCase, request, ctx),
          settings,
        );
        const memory = app.memory();
        const name = `${benchCase.name}${label}`;
        measurements.push({
          name,
          round,
          baseline: benchCase.baseline,
          isBaseline: false,
          result,
          rssMb: memory.rssMb,
        });
        console.log(
          `[bench] round ${round} · ${name}: ${result.rps.toFixed(0)} req/s, RSS ${memory.rssMb} MB`,
        );
      }
    }
  }
  return measurements;
}

/** The --compare build: another commit, built once into a checkout of its own, on PORT + 2. */
async function startReference(ref: string, databaseUrl: string, pool: pg.Pool): Promise<Target> {
  const commit = resolveCommit(ref);
  const dir = path.join(os.tmpdir(), `alpenglow-bench-${commit.slice(0, 12)}`);
  const env = appEnv(databaseUrl, PORT + 2);
  if (!fs.existsSync(path.join(dir, DIST_DIR, 'BUILD_ID'))) {
    console.log(`[bench] building ${ref} (${commit.slice(0, 12)}) in ${dir} …`);
    fs.rmSync(dir, { recursive: true, force: true });
    exportCheckout(commit, dir);
    nextBuild('.', env, dir);
  }
  const app = await startNext({
    dir: '.',
    cwd: dir,
    port: PORT + 2,
    env,
    readyPath: '/sign-in',
    logFile: path.resolve('.bench', 'reference.log'),
  });
  const prepared = await prepareCases(app, pool, path.join(dir, DIST_DIR));
  return { label: ` @${ref}`, app, prepared };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    next: (
      JSON.parse(fs.readFileSync('node_modules/next/package.json', 'utf8')) as { version: string }
    ).version,
  };
}

async function main() {
  fs.mkdirSync('.bench', { recursive: true });
  const databaseUrl = await prepareDatabase();
  const seedSeconds = await seedBench(databaseUrl, seedExtensions);
  if (!args['skip-build'] || !fs.existsSync(path.join(DIST_DIR, 'BUILD_ID'))) {
    console.log('[bench] building the console (next build) …');
    nextBuild('.', appEnv(databaseUrl));
  }
  if (writeBareApp(process.cwd())) {
    console.log('[bench] building the bare app …');
    nextBuild(BARE_DIR, { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
  }
  if (args.statements)
    return statementsMode(databaseUrl, { dbName: DB_NAME, startApp, prepareCases });
  const bare = await startNext({
    dir: BARE_DIR,
    port: BARE_PORT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    readyPath: BARE_ROUTE,
    logFile: path.join('.bench', 'bare.log'),
  });
  if (args['cpu-prof'] !== undefined) {
    return profileMode(databaseUrl, bare, args['cpu-prof'], { settings, startApp, prepareCases });
  }
  const app = await startApp(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let reference: Target | null = null;
  try {
    const prepared = await prepareCases(app, pool);
    if (args.compare) reference = await startReference(args.compare, databaseUrl, pool);
    const rssBefore = app.memory();
    const targets = [{ label: '', app, prepared }, ...(reference ? [reference] : [])];
    const measurements = await loadRounds(targets, bare);
    const rssAfter = app.memory();
    const reports: CaseReport[] = summarise(
      measurements,
      prepared.map((p) => p.benchCase),
    );
    printTable(reports, { rssBefore, rssAfter });
    if (reference) printComparison(reports, reference.label);
    const results = {
      date: new Date().toISOString(),
      machine: machine(),
      settings: {
        ...settings,
        rounds: Number(args.rounds),
        seedSeconds,
        compare: args.compare ?? null,
      },
      serverMemoryMb: { before: rssBefore.rssMb, after: rssAfter.rssMb, peak: rssAfter.peakMb },
      cases: reports,
      measurements,
    };
    fs.writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nwritten: bench/results.json');
  } finally {
    await pool.end();
    await app.stop();
    await reference?.app.stop();
    await bare.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
