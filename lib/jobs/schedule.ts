// The door from a request to the background jobs, importing no domain: the job runner
// registers how to settle transitional states and how to retry queued emails when it starts
// (lib/jobs/runner.ts); resource actions and the email module ask for them here. Without a
// runner (tests, scripts, JOB_RUNNER=off) nothing is scheduled: the next settle or meter tick
// applies what is due, and the email retry sweep of a runner anywhere sends what is queued.

type SettleScheduler = (delaySeconds: number) => Promise<void> | void;
type EmailRetryScheduler = () => Promise<void> | void;

const state = globalThis as unknown as {
  alpenglowSettleScheduler?: SettleScheduler;
  alpenglowEmailRetryScheduler?: EmailRetryScheduler;
};

export function registerSettleScheduler(scheduler: SettleScheduler | null): void {
  state.alpenglowSettleScheduler = scheduler ?? undefined;
}

/** Asks for the transitional states to be settled `delaySeconds` from now. */
export async function scheduleSettle(delaySeconds: number): Promise<void> {
  await state.alpenglowSettleScheduler?.(delaySeconds);
}

export function registerEmailRetryScheduler(scheduler: EmailRetryScheduler | null): void {
  state.alpenglowEmailRetryScheduler = scheduler ?? undefined;
}

/** Asks for a retry of the queued emails soon (EMAIL_RETRY_SECONDS); never throws. */
export async function scheduleEmailRetry(): Promise<void> {
  try {
    await state.alpenglowEmailRetryScheduler?.();
  } catch (error) {
    // The periodic sweep retries anyway; a failed scheduling must not fail the sender.
    console.error('[jobs] scheduling an email retry failed', error);
  }
}
