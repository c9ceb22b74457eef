import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { payments, type Payment } from '@/db/schema';
import { paymentIdentity } from '@/lib/billing/payment-identity';
import { getPayment, paymentDefinition } from '@/lib/billing/payments';
import { amountInputSchema } from '@/lib/billing/payment-schema';
import {
  configuredPaymentProvider,
  PAYMENTS_NOT_CONFIGURED_MESSAGE,
} from '@/lib/billing/providers';
import type { FieldErrors } from '@/lib/validation';
import { defineEndpoint } from '../endpoint';
import { runAction } from '../actions';
import { ApiError } from '../errors';
import { apiMoney } from '../money';
import { decodeCursor, encodeCursor, page, pageQuerySchema } from '../pagination';
import { created, ok } from '../route';
import { moneySchema, pageOf, timestampSchema } from '../schemas';

// Payments into the account's funds (Owner, Admin): list them, and pay with the configured
// provider's card form — the same payment definition as the console's Billing page, so the
// same limits, ledger entry, receipt and audit event. Idempotency-Key is required.

export const paymentSchema = z
  .strictObject({
    id: z.uuid(),
    reference: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    amount: moneySchema,
    card: z.strictObject({ brand: z.string().nullable(), last4: z.string().nullable() }).nullable(),
    failure: z
      .strictObject({ code: z.string().nullable(), message: z.string().nullable() })
      .nullable(),
    createdAt: timestampSchema,
    completedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Payment' });

function present(p: Payment): z.output<typeof paymentSchema> {
  return {
    id: p.id,
    reference: p.reference,
    status: p.status,
    amount: apiMoney(p.amount, p.currency),
    card: p.cardBrand || p.cardLast4 ? { brand: p.cardBrand, last4: p.cardLast4 } : null,
    failure: p.status === 'failed' ? { code: p.failureCode, message: p.failureMessage } : null,
    createdAt: p.createdAt.toISOString(),
    completedAt: p.completedAt?.toISOString() ?? null,
  };
}

// Microseconds kept in the cursor: a millisecond Date would skip or repeat payments.
const cursorAt = sql<string>`to_char(${payments.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const paymentCursor = z.tuple([
  z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
  z.uuid(),
]);

export const listPaymentsEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/payments',
    tag: 'Billing',
    summary: 'List payments',
    description: 'Every payment attempt, newest first, failed ones included.',
    permission: 'billing.manage',
    query: pageQuerySchema,
    success: { status: 200, description: 'One page of payments.', schema: pageOf(paymentSchema) },
  },
  async ({ access, query }) => {
    const after = query.cursor ? decodeCursor(query.cursor, paymentCursor) : null;
    const rows = await (
      await getDb()
    )
      .select({ payment: payments, cursorAt })
      .from(payments)
      .where(
        and(
          eq(payments.accountId, access.account.id),
          after
            ? sql`(${payments.createdAt}, ${payments.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(query.limit + 1);
    return ok(
      page(
        rows,
        query.limit,
        (r) => encodeCursor([r.cursorAt, r.payment.id]),
        (r) => present(r.payment),
      ),
    );
  },
);

const paymentBody = z.strictObject({
  amount: amountInputSchema.meta({
    description: 'In the account’s currency, e.g. "50.00" (10.00 to 10,000.00).',
  }),
  card: z.strictObject({
    number: z.string().max(40),
    expiry: z.string().max(10).meta({ description: 'MM/YY' }),
    cvc: z.string().max(4),
  }),
});

/** The console form's field names → the API body's. */
const FIELD_NAMES: Record<string, string> = {
  cardNumber: 'card.number',
  cardExpiry: 'card.expiry',
  cardCvc: 'card.cvc',
  idempotencyKey: 'Idempotency-Key',
};
const apiFields = (fields: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [FIELD_NAMES[k] ?? k, v]));

/** The payment row's own key, derived from the header: any header value fits its format. */
const paymentKey = (header: string) => createHash('sha256').update(header).digest('base64url');

export const createPaymentEndpoint = defineEndpoint(
  {
    method: 'POST',
    path: '/payments',
    tag: 'Billing',
    summary: 'Make a payment',
    description:
      'Charges the card and credits the account (a payment that brings the balance above 0 ' +
      'makes a suspended account active). Requires an Idempotency-Key: a retry with the same ' +
      'key and body returns the first answer and never charges twice.',
    permission: 'billing.manage',
    body: paymentBody,
    idempotent: 'required',
    success: { status: 201, description: 'The payment, succeeded.', schema: paymentSchema },
    errors: [409, 422],
  },
  async ({ access, principal, ip, body, rawBody, idempotencyKey }) => {
    const provider = configuredPaymentProvider();
    if (!provider) throw new ApiError('rejected', PAYMENTS_NOT_CONFIGURED_MESSAGE);
    if (!provider.collectsCard) {
      throw new ApiError('rejected', 'This server takes card payments in the console only.');
    }
    const accountId = access.account.id;
    const key = paymentKey(idempotencyKey!);
    try {
      await runAction(
        paymentDefinition(provider),
        { principal, accountId, ip },
        {
          // The definition parses the amount text itself (the body schema checked it already).
          amount: (rawBody as { amount: string }).amount,
          idempotencyKey: key,
          cardNumber: body.card.number,
          cardExpiry: body.card.expiry,
          cardCvc: body.card.cvc,
        },
      );
    } catch (error) {
      if (error instanceof ApiError && error.fields) {
        throw new ApiError(error.code, error.message, apiFields(error.fields));
      }
      throw error;
    }
    const payment = await getPayment(await getDb(), accountId, paymentIdentity(accountId, key).id);
    if (!payment) throw new Error('payment not found after it was made');
    return created(present(payment));
  },
);
