import type { AccountStatus } from '@/db/schema';

/**
 * The one rule for an account's status (DESIGN §1): active while its balance is above 0,
 * suspended at 0 or below. Every balance change derives the status with this function, in
 * the transaction that changes the balance (lib/billing/ledger.ts).
 */
export function statusForBalance(balance: number): AccountStatus {
  return balance > 0 ? 'active' : 'suspended';
}
