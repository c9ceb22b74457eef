import { afterAll, beforeAll } from 'vitest';
import { setClock } from '@/lib/clock';

// Test files share their worker process (vitest.config.ts, isolate: false): each file starts
// and ends with the environment it was given and the wall clock, whatever it changed.
let environment: Record<string, string | undefined> = {};

function restoreEnvironment() {
  for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
  Object.assign(process.env, environment);
}

beforeAll(() => {
  environment = { ...process.env };
  setClock(null);
});

afterAll(() => {
  setClock(null);
  restoreEnvironment();
});
