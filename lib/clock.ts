/**
 * The time resources and the meter live by. Production reads the wall clock; tests install a
 * ManualClock (integration tests) or, with ALPENGLOW_TEST_CLOCK=1, move the server's clock
 * forward through the test-clock route (end-to-end tests), so "N hours of usage" never means
 * sleeping N hours. Timestamps the meter compares (created, metered until, settle at) all
 * come from here, never from the database's now().
 */
export interface Clock {
  now(): Date;
}

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

const state = globalThis as unknown as { alpenglowClock?: Clock; alpenglowClockOffsetMs?: number };

const offsetClock: Clock = {
  now: () => new Date(Date.now() + (state.alpenglowClockOffsetMs ?? 0)),
};

export function clock(): Clock {
  return state.alpenglowClock ?? offsetClock;
}

export function now(): Date {
  return clock().now();
}

/** Installs a clock for this process (tests); null goes back to the wall clock. */
export function setClock(replacement: Clock | null): void {
  state.alpenglowClock = replacement ?? undefined;
}

/** The test clock exists only when the server was started with ALPENGLOW_TEST_CLOCK=1. */
export function isTestClockEnabled(): boolean {
  return process.env.ALPENGLOW_TEST_CLOCK === '1';
}

/** Moves the wall-clock-based clock forward (test servers only). Returns the new time. */
export function advanceTestClock(ms: number): Date {
  if (!isTestClockEnabled()) throw new Error('the test clock is disabled');
  state.alpenglowClockOffsetMs = (state.alpenglowClockOffsetMs ?? 0) + ms;
  return now();
}
