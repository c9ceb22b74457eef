import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname);
const alias = { '@': root };
const serverUrl = process.env.DATABASE_URL;
// Test files share a worker's modules instead of importing Next, Drizzle, zod and the domain
// again for each of the 124 files: the run took a third of the time (495 → 176 s on two
// cores). Nothing in the tests mocks modules, each file opens its own database
// (test/setup.ts), and test/process-state.ts puts back the environment and the clock.
const isolate = false;
const reporters = process.env.CI
  ? ['default', ['json', { outputFile: '.ci-reports/vitest.json' }]]
  : ['default'];

// Integration tests (*.int.test.ts) run once on embedded PGlite and, when DATABASE_URL is
// set, once more on that PostgreSQL server. Tests that need a real server (several
// connections, lock waits) are *.pgonly.test.ts and run on PostgreSQL only. Nothing is
// skipped: a test belongs to the projects that can run it. Each test file gets its own fresh
// database.
const integration = (driver: 'pglite' | 'postgres') => ({
  resolve: { alias },
  test: {
    name: `int-${driver}`,
    include:
      driver === 'postgres'
        ? ['**/*.int.test.{ts,tsx}', '**/*.pgonly.test.{ts,tsx}']
        : ['**/*.int.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.next*/**', '.bench/**', 'e2e/**'],
    setupFiles: ['test/process-state.ts', 'test/setup.ts'],
    env: {
      ALPENGLOW_TEST_DB: driver,
      ALPENGLOW_TEST_SERVER_URL: serverUrl ?? '',
    },
    isolate,
    // Limits for a loaded machine (CI may run beside other work on 2 cores).
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one file at a time; most integration files wait on the
    // database far more than they compute, so three at once finish sooner.
    maxWorkers: 3,
    reporters: reporters as never,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          isolate,
          setupFiles: ['test/process-state.ts'],
          include: ['**/*.test.{ts,tsx}'],
          // Property tests run thousands of cases: on a loaded machine 5 s is not enough.
          testTimeout: 60_000,
          exclude: [
            '**/*.int.test.{ts,tsx}',
            '**/*.pgonly.test.{ts,tsx}',
            // The fault suite runs on its own (vitest.faults.config.ts, npm run test:faults).
            'test/faults/**',
            'node_modules/**',
            '.next*/**',
            '.bench/**',
            'e2e/**',
          ],
        },
      },
      integration('pglite'),
      ...(serverUrl ? [integration('postgres')] : []),
    ],
  },
});
