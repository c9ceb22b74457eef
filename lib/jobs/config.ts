/** The job knobs (README): read at use, so tests and scripts can set them. */
function seconds(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name} must be a number of seconds ≥ ${min} (got "${raw}")`);
  }
  return value;
}

/** How long transitional states (starting, stopping, rebooting, destroying) last. */
export const settleSeconds = () => seconds('RESOURCE_SETTLE_SECONDS', 4, 0);

/**
 * How often the meter runs: hourly by default (each run posts one ledger entry per account,
 * so the ledger gets one usage line per hour). On PostgreSQL rounded to a cron (pg-boss).
 */
export const meterIntervalSeconds = () => seconds('METER_INTERVAL_SECONDS', 3_600, 1);

/** JOB_RUNNER=off starts no jobs in this process (e.g. extra web-only instances, scripts). */
export const jobRunnerEnabled = () => process.env.JOB_RUNNER !== 'off';

/** How soon a queued email (its provider failed) is tried again, and how often the sweep runs. */
export const emailRetrySeconds = () => seconds('EMAIL_RETRY_SECONDS', 60, 1);
