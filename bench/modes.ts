// The two diagnostic modes of bench:http: --statements (PostgreSQL's statement log per
// request) and --cpu-prof (a V8 CPU profile of the server under one case's load).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Prepared } from './http';
import { formatProfile, summariseProfile } from './profile';
import { runLoad, verifyCase, type LoadSettings } from './run';
import type { RunningServer } from './server';
import { countStatements, findServerLog } from './statements';

interface Deps {
  dbName: string;
  startApp: (databaseUrl: string, nodeArgs?: string[]) => Promise<RunningServer>;
  prepareCases: (app: RunningServer, pool: pg.Pool) => Promise<Prepared[]>;
}

export async function statementsMode(databaseUrl: string, deps: Deps) {
  const { dbName: DB_NAME, startApp, prepareCases } = deps;
  const logFile = findServerLog();
  if (!logFile) throw new Error('--statements needs a readable server log (set PG_LOG_FILE)');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`alter database "${DB_NAME}" set log_min_duration_statement = 0`);
  // Connections opened from now on log every statement: start the app after the change.
  const app = await startApp(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const prepared = await prepareCases(app, pool);
    const repeats = 10;
    const report: Record<string, unknown> = {};
    for (const { benchCase, request } of prepared) {
      await verifyCase(app.origin, request, benchCase.expect); // warm: caches, prepared plans
      await new Promise((resolve) => setTimeout(resolve, 300));
      const offset = fs.statSync(logFile).size;
      for (let i = 1; i <= repeats; i++) {
        await verifyCase(app.origin, request, benchCase.expect, i);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the server flush its log
      const count = countStatements(logFile, offset, DB_NAME, repeats);
      report[benchCase.name] = count;
      console.log(
        `\n${benchCase.name}: ${count.perRequest.toFixed(1)} statements per request, ` +
          `${count.serverMsPerRequest.toFixed(2)} ms in PostgreSQL`,
      );
      for (const s of count.statements.slice(0, 12)) {
        console.log(
          `  ${s.perRequest.toFixed(1)}× ${s.msPerRequest.toFixed(2).padStart(6)} ms  ${s.text}`,
        );
      }
    }
    fs.writeFileSync('bench/statements.json', `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await pool.end();
    await app.stop();
    await admin.query(`alter database "${DB_NAME}" reset log_min_duration_statement`);
    await admin.end();
  }
}

export async function profileMode(
  databaseUrl: string,
  bare: RunningServer,
  pattern: string,
  deps: Omit<Deps, 'dbName'> & { settings: LoadSettings },
) {
  const { startApp, prepareCases, settings } = deps;
  const profileDir = path.resolve('.bench', 'profiles', String(Date.now()));
  const app = await startApp(databaseUrl, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const matcher = new RegExp(pattern, 'i');
    const prepared = (await prepareCases(app, pool)).filter((p) => matcher.test(p.benchCase.name));
    const target = prepared[0];
    if (!target) throw new Error(`no case matches --cpu-prof=${pattern}`);
    const started = Date.now();
    const result = await runLoad(app.origin, target.request, settings);
    const loadEnded = Date.now();
    await app.stop();
    const stopped = Date.now();
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written in ${profileDir}`);
    const measuredFrom = started + settings.warmup * 1000;
    const summary = summariseProfile(path.join(profileDir, file), {
      fromEndMs: stopped - measuredFrom,
      toEndMs: stopped - loadEnded,
    });
    const text = `${target.benchCase.name}: ${result.rps.toFixed(0)} req/s under the profiler\n${formatProfile(summary, result.requests)}`;
    console.log(`\n${text}`);
    const slug = target.benchCase.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    fs.writeFileSync(path.join('bench', `profile-${slug}.txt`), `${text}\n`);
    console.log(`\nprofile: ${path.join(profileDir, file)} (open in Chrome DevTools)`);
  } finally {
    await pool.end();
    await app.stop();
    await bare.stop();
  }
}
