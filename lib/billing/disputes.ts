import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { creditNotes, type CreditNote, type Payment } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { AuditAction } from '@/lib/audit/labels';
import { postCreditNote, type PostedCreditNote } from './credit-notes';
import { paymentAuditMetadata } from './payment-identity';

/**
 * A card dispute (chargeback) takes the disputed amount back when it is opened — the card
 * network withdraws it then — and returns it if the dispute is won; a lost dispute keeps it
 * taken (and takes it then, if the opening was never seen). An inquiry (`warning_*`) moves no
 * money and is only audited. At most one debit and one return per dispute. The caller holds
 * the payment row (lockPayment) and has recorded the event id as processed.
 */

export interface DisputeEvent {
  provider: string;
  eventId: string;
  disputeId: string;
  /** The disputed amount, positive units. */
  amountUnits: number;
  status: string;
  reason: string | null;
}

async function noteOfDispute(
  tx: DbOrTx,
  payment: Payment,
  kind: 'dispute_opened' | 'dispute_won',
  disputeId: string,
): Promise<CreditNote | null> {
  const [note] = await tx
    .select()
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.accountId, payment.accountId),
        eq(creditNotes.paymentId, payment.id),
        eq(creditNotes.kind, kind),
        eq(creditNotes.providerObjectId, disputeId),
      ),
    );
  return note ?? null;
}

async function auditOnly(tx: DbOrTx, payment: Payment, action: AuditAction, event: DisputeEvent) {
  await recordAudit(tx, {
    accountId: payment.accountId,
    actorUserId: null,
    action,
    targetType: 'payment',
    targetId: payment.id,
    metadata: paymentAuditMetadata(payment, {
      disputeId: event.disputeId,
      disputeStatus: event.status,
      disputeAmount: event.amountUnits,
      eventId: event.eventId,
      ...(event.reason ? { reason: event.reason } : {}),
    }),
  });
}

function debit(tx: DbOrTx, payment: Payment, event: DisputeEvent) {
  return postCreditNote(tx, {
    payment,
    kind: 'dispute_opened',
    amount: -Math.min(event.amountUnits, payment.amount),
    provider: event.provider,
    eventId: event.eventId,
    providerObjectId: event.disputeId,
    reason: event.reason,
    details: { disputeStatus: event.status },
  });
}

/** charge.dispute.created: the disputed amount is taken back (an inquiry: audited only). */
export async function applyDisputeOpened(
  tx: DbOrTx,
  payment: Payment,
  event: DisputeEvent,
): Promise<PostedCreditNote | null> {
  if (payment.status !== 'succeeded') return null;
  if (event.status.startsWith('warning_')) {
    await auditOnly(tx, payment, 'payment.dispute_inquiry', event);
    return null;
  }
  if (await noteOfDispute(tx, payment, 'dispute_opened', event.disputeId)) return null;
  return debit(tx, payment, event);
}

/** charge.dispute.closed: won returns what was taken; lost keeps it taken. */
export async function applyDisputeClosed(
  tx: DbOrTx,
  payment: Payment,
  event: DisputeEvent,
): Promise<PostedCreditNote | null> {
  if (payment.status !== 'succeeded') return null;
  const opened = await noteOfDispute(tx, payment, 'dispute_opened', event.disputeId);
  if (event.status === 'won') {
    // Returned once; a dispute won that never took anything is only audited.
    if (await noteOfDispute(tx, payment, 'dispute_won', event.disputeId)) return null;
    if (!opened) {
      await auditOnly(tx, payment, 'payment.dispute_won', event);
      return null;
    }
    return postCreditNote(tx, {
      payment,
      kind: 'dispute_won',
      amount: -opened.amount,
      provider: event.provider,
      eventId: event.eventId,
      providerObjectId: event.disputeId,
      reason: event.reason,
      details: { disputeStatus: event.status },
    });
  }
  if (event.status === 'lost') {
    // The funds are gone for good: taken now if the opening was never recorded.
    const taken = opened ? null : await debit(tx, payment, event);
    await auditOnly(tx, payment, 'payment.dispute_lost', event);
    return taken;
  }
  await auditOnly(tx, payment, 'payment.dispute_closed', event);
  return null;
}
