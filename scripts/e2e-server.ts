// Builds the console and serves it for the Playwright suite on a database of its own — a
// fresh database on the server when DATABASE_URL is set, a fresh PGlite directory otherwise —
// seeded with the demo data (Acme Corp and its members, a user in 500 organizations).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { E2E_PGLITE_DIR, e2eDatabaseName, e2eServerDatabaseUrl } from './e2e-database';
import {
  STAND_IN_SECRET_KEY,
  STAND_IN_WEBHOOK_SECRET,
  StripeStandIn,
} from '../test/stripe-stand-in';

const port = process.env.E2E_PORT ?? '3100';
const origin = `http://127.0.0.1:${port}`;

async function freshServerDatabase(serverUrl: string, suffix = ''): Promise<string> {
  const name = e2eDatabaseName(suffix);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return e2eServerDatabaseUrl(serverUrl, suffix);
}

async function main() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: '.next-e2e',
    AUTH_SECRET: process.env.AUTH_SECRET ?? 'e2e-only-secret-not-for-production-000000',
    API_KEY_PEPPER: process.env.API_KEY_PEPPER ?? 'e2e-only-api-key-pepper-not-for-production',
    AUTH_TRUST_HOST: 'true',
    AUTH_URL: origin,
    APP_URL: origin,
    DEV_MAILBOX: '1',
    // A production build without STRIPE_SECRET_KEY refuses payments unless explicitly in test
    // mode: the suite pays with the built-in test cards.
    PAYMENTS_TEST_MODE: '1',
    // Every test browser signs up from 127.0.0.1: raise the per-IP limits, keep per-email ones.
    AUTH_IP_LIMIT_MULTIPLIER: '50',
    NEXT_TELEMETRY_DISABLED: '1',
    // The resources suite moves the server's clock forward (POST /api/test/clock).
    ALPENGLOW_TEST_CLOCK: '1',
  };
  delete env.RESEND_API_KEY;
  if (process.env.DATABASE_URL) {
    env.DATABASE_URL = await freshServerDatabase(process.env.DATABASE_URL);
  } else {
    const dataDir = E2E_PGLITE_DIR;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
    env.PGLITE_DATA_DIR = dataDir;
  }
  const seed = spawnSync('npx', ['tsx', 'db/seed.ts', '--many-orgs'], { env, stdio: 'inherit' });
  if (seed.status !== 0) process.exit(seed.status ?? 1);

  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync('npx', ['next', 'build'], { env, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  // A second console of the same build with Stripe in the browser, against a local stand-in
  // of Stripe (API and Stripe.js), on E2E_PORT+1000 and +2000 (e2e/stripe.spec.ts).
  const stripeConsole = await startStripeConsole(env);
  const server = spawn('npx', ['next', 'start', '-p', port, '-H', '127.0.0.1'], {
    env,
    stdio: 'inherit',
  });
  const stop = () => {
    stripeConsole.kill('SIGTERM');
    server.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}

async function startStripeConsole(base: NodeJS.ProcessEnv) {
  const stripePort = Number(port) + 1000;
  const standInPort = Number(port) + 2000;
  const standIn = new StripeStandIn();
  await standIn.start(standInPort);
  const standInUrl = `http://127.0.0.1:${standInPort}`;
  const stripeOrigin = `http://127.0.0.1:${stripePort}`;
  const env: NodeJS.ProcessEnv = {
    ...base,
    AUTH_URL: stripeOrigin,
    APP_URL: stripeOrigin,
    STRIPE_SECRET_KEY: STAND_IN_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: STAND_IN_WEBHOOK_SECRET,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_standin',
    STRIPE_API_BASE: standInUrl,
    STRIPE_JS_URL: `${standInUrl}/v3/`,
  };
  if (process.env.DATABASE_URL) {
    env.DATABASE_URL = await freshServerDatabase(process.env.DATABASE_URL, '_stripe');
  } else {
    const dataDir = `${E2E_PGLITE_DIR}-stripe`;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
    env.PGLITE_DATA_DIR = dataDir;
  }
  const child = spawn('npx', ['next', 'start', '-p', String(stripePort), '-H', '127.0.0.1'], {
    env,
    stdio: 'inherit',
  });
  // Ready before the main console, whose readiness Playwright waits for.
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${stripeOrigin}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return child;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
