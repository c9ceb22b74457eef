// The door from a request to the background jobs, importing no domain: the job runner
// registers how to settle transitional states when it starts (lib/jobs/runner.ts), and
// resource actions ask for it here after their commit. Without a runner (tests, scripts,
// JOB_RUNNER=off) nothing is scheduled: the next settle or meter tick applies what is due.

type SettleScheduler = (delaySeconds: number) => Promise<void> | void;

const state = globalThis as unknown as { alpenglowSettleScheduler?: SettleScheduler };

export function registerSettleScheduler(scheduler: SettleScheduler | null): void {
  state.alpenglowSettleScheduler = scheduler ?? undefined;
}

/** Asks for the transitional states to be settled `delaySeconds` from now. */
export async function scheduleSettle(delaySeconds: number): Promise<void> {
  await state.alpenglowSettleScheduler?.(delaySeconds);
}
