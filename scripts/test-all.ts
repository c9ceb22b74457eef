// `npm test`: every check and suite, in two lanes that run side by side.
//   checks lane: lint → formatting → types → Vitest (unit, PGlite, PostgreSQL)
//   browser lane: Playwright (its web server builds the console) → the fault suite (which
//                 reuses that build)
// Run one after the other they used about 40 % of two cores: Vitest waits on databases and
// Playwright on pages far more than either computes, so side by side the whole takes little
// more than the longer lane. Every lane runs to its end even when the other fails, and the
// exit status is non-zero when any step failed. Output lines carry their lane's name.
// `--serial` runs the two lanes one after the other (a machine too small for both).
import { spawn } from 'node:child_process';
import readline from 'node:readline';

type Step = { name: string; script: string };
type Lane = { name: string; steps: Step[] };

const LANES: Lane[] = [
  {
    name: 'checks',
    steps: [
      { name: 'lint', script: 'lint' },
      { name: 'format', script: 'format:check' },
      { name: 'types', script: 'typecheck' },
      { name: 'vitest', script: 'test:unit' },
    ],
  },
  {
    name: 'browser',
    steps: [
      { name: 'playwright', script: 'test:e2e' },
      { name: 'faults', script: 'test:faults' },
    ],
  },
];

type Outcome = { lane: string; step: string; status: number; seconds: number };

function runStep(lane: string, step: Step): Promise<Outcome> {
  const started = Date.now();
  const prefix = `[${lane}:${step.name}]`;
  console.log(`${prefix} npm run ${step.script}`);
  const child = spawn('npm', ['run', '--silent', step.script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      console.log(`${prefix} ${line}`);
    });
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`${prefix} exit ${status} in ${seconds} s`);
      resolve({ lane, step: step.name, status, seconds });
    });
  });
}

/** A lane's steps in order; after a failed step the rest of that lane still runs. */
async function runLane(lane: Lane): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of lane.steps) outcomes.push(await runStep(lane.name, step));
  return outcomes;
}

async function main(): Promise<number> {
  const started = Date.now();
  let outcomes: Outcome[];
  if (process.argv.includes('--serial')) {
    outcomes = [];
    for (const lane of LANES) outcomes.push(...(await runLane(lane)));
  } else {
    outcomes = (await Promise.all(LANES.map(runLane))).flat();
  }
  console.log('\nstep            status  seconds');
  for (const o of outcomes) {
    const label = `${o.lane}:${o.step}`.padEnd(16);
    console.log(`${label}${(o.status === 0 ? 'ok' : `exit ${o.status}`).padEnd(8)}${o.seconds}`);
  }
  console.log(`total ${Math.round((Date.now() - started) / 1000)} s`);
  return outcomes.some((o) => o.status !== 0) ? 1 : 0;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
