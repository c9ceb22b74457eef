/**
 * The low-balance warning rule: one email per crossing. A debit that leaves the balance at or
 * below the account's threshold warns once (and remembers it in accounts.low_balance_warned);
 * the flag is cleared only when the balance rises above the threshold again, which re-arms the
 * warning for the next crossing. Applied by every ledger posting (lib/billing/ledger.ts), in the
 * transaction that changes the balance, so concurrent postings cannot both warn.
 */
export function lowBalanceStep(input: {
  after: number;
  amount: number;
  threshold: number;
  warned: boolean;
}): { warned: boolean; warn: boolean } {
  const { after, amount, threshold, warned } = input;
  if (after > threshold) return { warned: false, warn: false };
  if (!warned && amount < 0) return { warned: true, warn: true };
  return { warned, warn: false };
}

/** The default threshold of a new account: CHF 15.00 (also the column default). */
export const DEFAULT_LOW_BALANCE_THRESHOLD = 150_000;
