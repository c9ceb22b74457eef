import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The fault suite (npm run test:faults): a production build served by `next start` over a
// PostgreSQL cluster of its own that the tests stop and restart, two instances, pgbouncer.
// One file at a time: each starts its own cluster, servers and pooler on fixed ports.
const root = path.resolve(import.meta.dirname);
const reporters = process.env.CI
  ? ['default', ['json', { outputFile: '.ci-reports/vitest-faults.json' }]]
  : ['default'];

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    name: 'faults',
    include: ['test/faults/**/*.faults.test.ts'],
    globalSetup: ['test/faults/global-setup.ts'],
    fileParallelism: false,
    reporters: reporters as never,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
