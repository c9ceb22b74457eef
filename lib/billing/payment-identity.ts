import { createHash } from 'node:crypto';
import type { Payment } from '@/db/schema';
import { formatLongDateTimeUtc } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import type { CardInput } from './payment-schema';

// Who a payment is and how it is described: its id and reference derived from the
// idempotency key, the hash that says whether a retry asks for the same thing, and what its
// audit events and ledger lines say about it. Pure functions, no database.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * 10 Crockford base32 characters (no I, L, O, U: nothing to misread on a phone call) from the
 * first 50 bits of 7 bytes: the readable half of a payment or credit-note reference.
 */
export function crockfordReference(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes.subarray(0, 7)) value = (value << 8n) | BigInt(byte);
  let reference = '';
  for (let i = 0; i < 10; i++) {
    reference = CROCKFORD[Number(value & 31n)] + reference;
    value >>= 5n;
  }
  return reference;
}

/**
 * A payment's id and receipt reference are derived from (account, idempotency key): the same
 * attempt always maps to the same payment, so a retry after a rolled-back attempt reaches a
 * provider with the same id (and the provider's own idempotency key) again.
 */
export function paymentIdentity(
  accountId: string,
  idempotencyKey: string,
): { id: string; reference: string } {
  const bytes = createHash('sha256').update(`payment\0${accountId}\0${idempotencyKey}`).digest();
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x80; // RFC 9562 version 8 (custom)
  b[8] = (b[8]! & 0x3f) | 0x80; // variant
  const hex = b.toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, reference: `PAY-${crockfordReference(bytes.subarray(16, 23))}` };
}

/**
 * What "the same parameters" means for an idempotency key: amount, currency, provider and
 * the card's brand, last 4 and expiry. The card number itself never enters the hash (an
 * unkeyed hash of a card number can be reversed by brute force).
 */
export function paymentRequestHash(params: {
  amount: number;
  currency: string;
  provider: string;
  card: Pick<CardInput, 'brand' | 'last4' | 'expMonth' | 'expYear'> | null;
}): string {
  const canonical = JSON.stringify([
    params.amount,
    params.currency,
    params.provider,
    params.card
      ? [params.card.brand, params.card.last4, params.card.expMonth, params.card.expYear]
      : null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Audit metadata of a payment: amounts, reference, card brand and last 4 — never the number. */
export function paymentAuditMetadata(payment: Payment, extra: Record<string, unknown> = {}) {
  return {
    reference: payment.reference,
    amount: payment.amount,
    currency: payment.currency,
    provider: payment.provider,
    cardBrand: payment.cardBrand,
    cardLast4: payment.cardLast4,
    ...(payment.status === 'failed'
      ? { failureCode: payment.failureCode, failureMessage: payment.failureMessage }
      : {}),
    ...extra,
  };
}

export function describeCard(card: { cardBrand: string | null; cardLast4: string | null }) {
  return card.cardBrand && card.cardLast4 ? `${card.cardBrand} •••• ${card.cardLast4}` : null;
}

/** The lines of a receipt, the same on its page and in its email. */
export function receiptLines(payment: Payment): Array<[term: string, value: string]> {
  return [
    ['Reference', payment.reference],
    ['Date', formatLongDateTimeUtc(payment.completedAt ?? payment.createdAt)],
    ['Description', 'Prepaid funds (credit on the account; not transferable)'],
    ['Amount', formatMoney(payment.amount, payment.currency)],
    ['Currency', payment.currency],
    [
      'Paid with',
      payment.cardBrand && payment.cardLast4
        ? `${payment.cardBrand} ending in ${payment.cardLast4}`
        : 'Card',
    ],
  ];
}
