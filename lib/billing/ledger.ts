import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  accounts,
  auditEvents,
  ledgerEntries,
  type Account,
  type AccountStatus,
  type LedgerEntry,
} from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { lockAccount } from '@/lib/accounts/lock';
import { now } from '@/lib/clock';
import { stopInstancesOfSuspended } from './suspension';
import { uuidArray } from './accrual';
import { lowBalanceStep } from './low-balance';
import { statusForBalance } from './status';

// Domain: billing (lib/billing/). Owns money: the ledger (the only way a balance changes),
// payments and their providers, receipts, the account status rule (status.ts, pure, which
// accounts/ may import) and what suspension does (suspension.ts), and metering: accrual of
// resources' usage (accrual.ts), the meter (metering.ts), usage reports (usage.ts) and the
// low-balance rule. May import: db/, shared helpers, accounts/ (lock), audit/, authz/,
// email/, http/, actions/core (types). It reads the resource tables through db/ but never
// imports resources/ (which imports billing/accrual).

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
  /** This debit crossed the low-balance threshold: Owners and Admins are to be warned. */
  lowBalanceWarning: boolean;
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
  const low = lowBalanceStep({
    after: balance,
    amount,
    threshold: before.lowBalanceThreshold,
    warned: before.lowBalanceWarned,
  });

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
    .set({ balance, status, lowBalanceWarned: low.warned })
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
  // A suspended account runs nothing: its instances stop in this same transaction.
  if (statusChanged && after.status === 'suspended') {
    await stopInstancesOfSuspended(tx, [posting.accountId], posting.at ?? now());
  }
  return { entry, before, after, statusChanged, lowBalanceWarning: low.warn };
}

export interface UsageCharge {
  accountId: string;
  /** Units charged (positive); posted as a negative usage entry. */
  amount: number;
}

export interface UsagePostingResult {
  accountId: string;
  balance: number;
  suspended: boolean;
  lowBalanceWarning: boolean;
}

/**
 * postLedgerEntry for many accounts at once (the meter: one usage entry per account per run),
 * in a fixed number of statements whatever the number of accounts, under the same rules:
 * accounts locked, entries appended with their balance after, balance and status written
 * together (statusForBalance), the low-balance step applied, status changes audited, and the
 * instances of newly suspended accounts stopped — all in the caller's transaction.
 */
export async function postUsageCharges(
  tx: DbOrTx,
  charges: readonly UsageCharge[],
  options: { description: string; at: Date },
): Promise<UsagePostingResult[]> {
  const positive = charges.filter((c) => c.amount > 0);
  if (positive.length === 0) return [];
  for (const c of positive) {
    if (!Number.isSafeInteger(c.amount)) throw new RangeError(`not an integer amount: ${c.amount}`);
  }
  const amounts = new Map(positive.map((c) => [c.accountId, c.amount]));
  const locked = await tx.execute<{
    id: string;
    balance: string;
    status: AccountStatus;
    threshold: string;
    warned: boolean;
  }>(sql`
    select a.id, a.balance::text as balance, a.status, a.low_balance_threshold::text as threshold,
           a.low_balance_warned as warned
      from accounts a join unnest(${uuidArray([...amounts.keys()])}) as c(id) on c.id = a.id
     order by a.id for no key update of a`);
  const rows = locked.rows.map((row) => {
    const amount = -amounts.get(row.id)!;
    const balance = Number(row.balance) + amount;
    if (!Number.isSafeInteger(balance)) throw new RangeError('balance out of range');
    const low = lowBalanceStep({
      after: balance,
      amount,
      threshold: Number(row.threshold),
      warned: row.warned,
    });
    const status = statusForBalance(balance);
    return { id: row.id, amount, balance, status, before: row.status, ...low };
  });
  const json = JSON.stringify(rows);
  await tx.execute(sql`
    insert into ledger_entries (account_id, kind, amount, balance_after, description, created_at)
    select r.id, 'usage', r.amount, r.balance, ${options.description}, ${options.at.toISOString()}::timestamptz
      from jsonb_to_recordset(${json}::jsonb) as r(id uuid, amount bigint, balance bigint)`);
  await tx.execute(sql`
    update accounts a
       set balance = r.balance, status = r.status::account_status, low_balance_warned = r.warned
      from jsonb_to_recordset(${json}::jsonb) as r(id uuid, balance bigint, status text, warned boolean)
     where a.id = r.id`);
  const changed = rows.filter((r) => r.status !== r.before);
  if (changed.length) {
    await tx.insert(auditEvents).values(
      changed.map((r) => ({
        accountId: r.id,
        actorUserId: null,
        action: 'account.status_changed',
        targetType: 'account',
        targetId: r.id,
        metadata: { before: r.before, after: r.status, balance: r.balance, reason: 'usage' },
      })),
    );
  }
  const suspended = changed.filter((r) => r.status === 'suspended').map((r) => r.id);
  await stopInstancesOfSuspended(tx, suspended, options.at);
  return rows.map((r) => ({
    accountId: r.id,
    balance: r.balance,
    suspended: r.status === 'suspended' && r.before !== 'suspended',
    lowBalanceWarning: r.warn,
  }));
}
