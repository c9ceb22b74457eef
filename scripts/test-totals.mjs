// Prints one plain "N passed, N failed" line from the Vitest and Playwright JSON reports.
import fs from 'node:fs';

const exitStatus = Number(process.argv[2] ?? 0);
const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

let passed = 0;
let failed = 0;
// The unit and integration tests, then the fault suite (test/faults, npm run test:faults).
for (const file of ['.ci-reports/vitest.json', '.ci-reports/vitest-faults.json']) {
  const vitest = read(file);
  if (vitest) {
    passed += vitest.numPassedTests ?? 0;
    failed += (vitest.numFailedTests ?? 0) + (vitest.numFailedTestSuites ?? 0);
  }
}
const playwright = read('.ci-reports/playwright.json');
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
}
// A failing step that wrote no report (lint, type check, a crashed runner) still counts.
if (exitStatus !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
