import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accounts, ledgerEntries, type Account, type LedgerEntry } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { lockAccount } from '@/lib/accounts/lock';
import { statusForBalance } from './status';

// Domain: billing (lib/billing/). Owns money: the ledger (the only way a balance changes),
// payments and their providers, receipts and the account status rule (status.ts, pure, which
// accounts/ may import). May import: db/, shared helpers, accounts/ (lock), audit/, authz/,
// email/, http/, actions/core (types).

export type LedgerKind = LedgerEntry['kind'];

export interface LedgerPosting {
  accountId: string;
  kind: LedgerKind;
  /** Signed integer units: credits (payments) positive, debits (usage, refunds) negative. */
  amount: number;
  description: string;
  paymentId?: string | null;
  createdByUserId?: string | null;
  /** For audit events written here (status changes). */
  ip?: string | null;
  /** Back-dating, for the demo seed only; defaults to the transaction's now(). */
  at?: Date;
}

export interface LedgerResult {
  entry: LedgerEntry;
  before: Account;
  after: Account;
  statusChanged: boolean;
}

/** The sign each kind of entry may carry (an adjustment goes either way). */
const SIGN_RULES: Record<LedgerKind, (amount: number) => boolean> = {
  payment: (a) => a > 0,
  refund: (a) => a < 0,
  usage: (a) => a < 0,
  adjustment: (a) => a !== 0,
  // A dispute takes the funds back when opened and returns them when won.
  dispute: (a) => a !== 0,
};

/**
 * The only way an account's balance changes. In the caller's transaction it locks the
 * account row (lockAccount), appends the ledger entry with the balance after it, writes the
 * new balance and the status derived from it (statusForBalance), and records
 * 'account.status_changed' when the status flips. Balance == sum(ledger) holds after every call because both writes
 * commit or roll back together, and the row lock orders concurrent postings.
 */
export async function postLedgerEntry(tx: DbOrTx, posting: LedgerPosting): Promise<LedgerResult> {
  const { amount } = posting;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an integer amount: ${amount}`);
  if (!SIGN_RULES[posting.kind](amount)) {
    throw new RangeError(`a ${posting.kind} entry cannot be ${amount}`);
  }
  const before = await lockAccount(tx, posting.accountId, 'This account no longer exists.');
  const balance = before.balance + amount;
  if (!Number.isSafeInteger(balance)) throw new RangeError('balance out of range');
  const status = statusForBalance(balance);

  const [entry] = await tx
    .insert(ledgerEntries)
    .values({
      accountId: posting.accountId,
      kind: posting.kind,
      amount,
      balanceAfter: balance,
      description: posting.description,
      paymentId: posting.paymentId ?? null,
      createdByUserId: posting.createdByUserId ?? null,
      ...(posting.at ? { createdAt: posting.at } : {}),
    })
    .returning();
  const [after] = await tx
    .update(accounts)
    .set({ balance, status })
    .where(eq(accounts.id, posting.accountId))
    .returning();
  if (!entry || !after) throw new Error('ledger posting lost its rows');

  const statusChanged = before.status !== after.status;
  if (statusChanged) {
    await recordAudit(tx, {
      accountId: posting.accountId,
      actorUserId: posting.createdByUserId ?? null,
      action: 'account.status_changed',
      targetType: 'account',
      targetId: posting.accountId,
      metadata: {
        before: before.status,
        after: after.status,
        balance,
        reason: posting.kind,
        ledgerEntryId: entry.id,
      },
      ip: posting.ip ?? null,
    });
  }
  // Usage that suspends an account also stops its instances: the resources module hooks in
  // here when it exists (issue: compute), inside this same transaction.
  return { entry, before, after, statusChanged };
}
