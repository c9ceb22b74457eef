// `npm test`: every check and suite, one after the other — lint, formatting, types, Vitest
// (unit, PGlite, PostgreSQL), Playwright (its web server builds the console), then the fault
// suite (which reuses that build). Every step runs even after one fails, so one red step
// does not hide the state of the rest; the exit status is non-zero when any failed, and a
// table of steps and seconds closes the output.
// Not side by side: Vitest beside Playwright on two cores took 857 s and 925 s where each
// alone takes 176 s and 549 s (three test workers and three browsers thrash the CPU).
import { spawnSync } from 'node:child_process';

const STEPS = [
  { name: 'lint', script: 'lint' },
  { name: 'format', script: 'format:check' },
  { name: 'types', script: 'typecheck' },
  { name: 'vitest', script: 'test:unit' },
  { name: 'playwright', script: 'test:e2e' },
  { name: 'faults', script: 'test:faults' },
];

function main(): number {
  const started = Date.now();
  const outcomes = STEPS.map((step) => {
    const stepStarted = Date.now();
    console.log(`\n[test] npm run ${step.script}`);
    const result = spawnSync('npm', ['run', step.script], { stdio: 'inherit' });
    const status = result.status ?? 1;
    const seconds = Math.round((Date.now() - stepStarted) / 1000);
    console.log(`[test] ${step.name}: exit ${status} in ${seconds} s`);
    return { name: step.name, status, seconds };
  });
  console.log('\n[test] step        status   seconds');
  for (const o of outcomes) {
    const status = o.status === 0 ? 'ok' : `exit ${o.status}`;
    console.log(`[test] ${o.name.padEnd(12)}${status.padEnd(9)}${o.seconds}`);
  }
  console.log(`[test] total ${Math.round((Date.now() - started) / 1000)} s`);
  return outcomes.some((o) => o.status !== 0) ? 1 : 0;
}

process.exit(main());
