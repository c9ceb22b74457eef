// The e2e suite three times in a row with a CPU-bound process beside it: proof that no test
// depends on an idle machine (a clean CI run once failed when the machine was loaded). The
// first run builds; the others reuse the build. Exits non-zero if any run failed.
import { spawn, spawnSync } from 'node:child_process';

const RUNS = Number(process.env.E2E_STRESS_RUNS ?? 3);

/** A busy loop in its own process: one core kept at 100 % for as long as it lives. */
function startBurner() {
  return spawn(process.execPath, ['-e', 'for (;;) { Math.sqrt(Math.random()); }'], {
    stdio: 'ignore',
  });
}

function main(): number {
  const burner = startBurner();
  const stop = () => burner.kill('SIGKILL');
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  const failures: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const started = Date.now();
    console.log(`[e2e-stress] run ${run}/${RUNS} with a CPU burner (pid ${burner.pid})`);
    const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ...(run > 1 ? { E2E_SKIP_BUILD: '1' } : {}) },
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[e2e-stress] run ${run}: exit ${result.status} in ${seconds} s`);
    if (result.status !== 0) failures.push(run);
  }
  stop();
  console.log(
    failures.length
      ? `[e2e-stress] FAILED runs: ${failures.join(', ')} of ${RUNS}`
      : `[e2e-stress] ${RUNS} of ${RUNS} runs passed under load`,
  );
  return failures.length ? 1 : 0;
}

process.exit(main());
