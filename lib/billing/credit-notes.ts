import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { creditNotes, payments, type CreditNote, type Payment } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { AuditAction } from '@/lib/audit/labels';
import { formatMoney } from '@/lib/money';
import { postLedgerEntry } from './ledger';
import { crockfordReference, paymentAuditMetadata } from './payment-identity';

/**
 * Money going back after a payment — a refund, a card dispute — is one signed ledger entry and
 * the credit note that documents it, written together in the caller's transaction (which holds
 * the payment row: lockPayment). Each comes from one provider event and is recorded at most
 * once per event id (a unique index is the last line of defence behind the processed-events
 * record). The ledger posting recomputes the status: a balance at or below 0 suspends.
 */

export type CreditNoteKind = CreditNote['kind'];

/** "CN-" + 10 Crockford characters, derived from (account, provider event). */
export function creditNoteReference(accountId: string, eventId: string): string {
  const bytes = createHash('sha256').update(`credit-note\0${accountId}\0${eventId}`).digest();
  return `CN-${crockfordReference(bytes)}`;
}

const LEDGER_KIND = {
  refund: 'refund',
  dispute_opened: 'dispute',
  dispute_won: 'dispute',
} as const;

const DESCRIPTIONS: Record<CreditNoteKind, string> = {
  refund: 'Refund of payment',
  dispute_opened: 'Card dispute opened on payment',
  dispute_won: 'Card dispute won: funds returned for payment',
};

export const CREDIT_NOTE_AUDIT_ACTIONS: Record<CreditNoteKind, AuditAction> = {
  refund: 'payment.refunded',
  dispute_opened: 'payment.dispute_opened',
  dispute_won: 'payment.dispute_won',
};

export interface CreditNoteInput {
  payment: Payment;
  kind: CreditNoteKind;
  /** Signed units as they hit the balance: negative takes funds back. */
  amount: number;
  provider: string;
  eventId: string;
  providerObjectId: string;
  reason?: string | null;
  /** Extra audit metadata (e.g. the provider's cumulative refunded amount). */
  details?: Record<string, unknown>;
}

/**
 * A credit note just written, with the balance email its ledger entry calls for (sent by the
 * caller after the transaction commits, like the meter's).
 */
export type PostedCreditNote = CreditNote & { balanceNotice: 'suspended' | 'low' | null };

/**
 * Posts the ledger entry, writes the credit note and its audit event. Returns null when this
 * event was already recorded (nothing is written then).
 */
export async function postCreditNote(
  tx: DbOrTx,
  input: CreditNoteInput,
): Promise<PostedCreditNote | null> {
  const { payment } = input;
  const reference = creditNoteReference(payment.accountId, input.eventId);
  const existing = await tx
    .select({ id: creditNotes.id })
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.accountId, payment.accountId),
        eq(creditNotes.provider, input.provider),
        eq(creditNotes.providerEventId, input.eventId),
      ),
    );
  if (existing.length) return null;
  const ledger = await postLedgerEntry(tx, {
    accountId: payment.accountId,
    kind: LEDGER_KIND[input.kind],
    amount: input.amount,
    description: `${DESCRIPTIONS[input.kind]} ${payment.reference} (${reference})`,
    paymentId: payment.id,
  });
  const [note] = await tx
    .insert(creditNotes)
    .values({
      accountId: payment.accountId,
      reference,
      paymentId: payment.id,
      kind: input.kind,
      amount: input.amount,
      currency: payment.currency,
      provider: input.provider,
      providerEventId: input.eventId,
      providerObjectId: input.providerObjectId,
      reason: input.reason ?? null,
      ledgerEntryId: ledger.entry.id,
    })
    .returning();
  if (!note) throw new Error('credit note not written');
  const balanceNotice =
    ledger.statusChanged && ledger.after.status === 'suspended'
      ? 'suspended'
      : ledger.lowBalanceWarning
        ? 'low'
        : null;
  await recordAudit(tx, {
    accountId: payment.accountId,
    actorUserId: null,
    action: CREDIT_NOTE_AUDIT_ACTIONS[input.kind],
    targetType: 'payment',
    targetId: payment.id,
    metadata: paymentAuditMetadata(payment, {
      creditNote: reference,
      creditNoteAmount: input.amount,
      balanceAfter: ledger.after.balance,
      eventId: input.eventId,
      providerObjectId: input.providerObjectId,
      ...(input.reason ? { reason: input.reason } : {}),
      ...input.details,
    }),
  });
  return { ...note, balanceNotice };
}

/** The credit notes of one payment, oldest first. */
export async function creditNotesOfPayment(
  db: DbOrTx,
  accountId: string,
  paymentId: string,
): Promise<CreditNote[]> {
  return db
    .select()
    .from(creditNotes)
    .where(and(eq(creditNotes.accountId, accountId), eq(creditNotes.paymentId, paymentId)))
    .orderBy(creditNotes.createdAt);
}

/** Sum of the refunds already recorded for a payment, in (positive) units. */
export async function refundedUnits(
  db: DbOrTx,
  accountId: string,
  paymentId: string,
): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(-sum(${creditNotes.amount}), 0)::text` })
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.accountId, accountId),
        eq(creditNotes.paymentId, paymentId),
        inArray(creditNotes.kind, ['refund']),
      ),
    );
  return Number(row?.total ?? 0);
}

export interface CreditNoteRow extends CreditNote {
  paymentReference: string;
}

/** An account's credit notes, newest first (the billing page). */
export async function listCreditNotes(
  db: DbOrTx,
  accountId: string,
  limit = 50,
): Promise<CreditNoteRow[]> {
  const rows = await db
    .select({ note: creditNotes, paymentReference: payments.reference })
    .from(creditNotes)
    .innerJoin(
      payments,
      and(eq(payments.accountId, creditNotes.accountId), eq(payments.id, creditNotes.paymentId)),
    )
    .where(eq(creditNotes.accountId, accountId))
    .orderBy(desc(creditNotes.createdAt), desc(creditNotes.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.note, paymentReference: r.paymentReference }));
}

export async function getCreditNote(
  db: DbOrTx,
  accountId: string,
  creditNoteId: string,
): Promise<CreditNoteRow | null> {
  const [row] = await db
    .select({ note: creditNotes, paymentReference: payments.reference })
    .from(creditNotes)
    .innerJoin(
      payments,
      and(eq(payments.accountId, creditNotes.accountId), eq(payments.id, creditNotes.paymentId)),
    )
    .where(and(eq(creditNotes.accountId, accountId), eq(creditNotes.id, creditNoteId)));
  return row ? { ...row.note, paymentReference: row.paymentReference } : null;
}

export const CREDIT_NOTE_LABELS: Record<CreditNoteKind, string> = {
  refund: 'Refund',
  dispute_opened: 'Dispute opened',
  dispute_won: 'Dispute won',
};

/** One line for a credit note: "Refund of 50.00 CHF for PAY-…". */
export function describeCreditNote(note: CreditNoteRow): string {
  return `${CREDIT_NOTE_LABELS[note.kind]}: ${formatMoney(note.amount, note.currency)} for ${note.paymentReference}`;
}

export function creditNotePath(accountId: string, creditNoteId: string): string {
  return `/a/${accountId}/billing/credit-notes/${creditNoteId}`;
}
