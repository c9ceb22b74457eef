import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { payments, type Payment } from '@/db/schema';
import { lockAccountRow } from '@/lib/accounts/lock';

export async function listPayments(db: DbOrTx, accountId: string, limit = 50): Promise<Payment[]> {
  return db
    .select()
    .from(payments)
    .where(eq(payments.accountId, accountId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);
}

export async function getPayment(
  db: DbOrTx,
  accountId: string,
  paymentId: string,
): Promise<Payment | null> {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.id, paymentId)));
  return payment ?? null;
}

/**
 * Locks a payment row for settlement — after its account's row, the order every payment
 * path takes (the action core locks the account, then claims the payment row). Settling
 * posts to the ledger, which locks the account row: taking the payment first would deadlock
 * against an attempt with the same key that holds the account and waits on the payment row.
 */
export async function lockPayment(
  tx: Tx,
  accountId: string,
  paymentId: string,
): Promise<Payment | null> {
  await lockAccountRow(tx, accountId);
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.id, paymentId)))
    .for('update');
  return payment ?? null;
}
