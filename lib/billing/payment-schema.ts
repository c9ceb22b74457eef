import { z } from 'zod';
import { formatMoney, parseAmountInput, UNITS_PER_CENT, UNITS_PER_MAJOR } from '@/lib/money';
import { cardBrand, cvcLength, luhnValid, normalizeCardNumber, parseExpiry } from './cards';

// The payment request, as the console form (and later the REST API) sends it. Amounts arrive
// as strings in the currency ("12.50") and leave as integer units; card data is checked here
// and reduced to what a provider needs. Nothing in this file ever holds a float amount.

/** The smallest and largest single payment: CHF 10.00 and CHF 10,000.00. */
export const PAYMENT_MIN_UNITS = 10 * UNITS_PER_MAJOR;
export const PAYMENT_MAX_UNITS = 10_000 * UNITS_PER_MAJOR;
/** The form's quick picks. */
export const QUICK_AMOUNTS_UNITS = [50, 100, 250, 500].map((major) => major * UNITS_PER_MAJOR);

/** An amount in units within the payment limits, in whole cents (providers charge cents). */
export const paymentUnitsSchema = z
  .number()
  .int('The amount must be a whole number of units.')
  .refine((u) => u % UNITS_PER_CENT === 0, 'Use at most 2 decimal places.')
  .refine(
    (u) => u >= PAYMENT_MIN_UNITS,
    `The minimum payment is ${formatMoney(PAYMENT_MIN_UNITS)}.`,
  )
  .refine(
    (u) => u <= PAYMENT_MAX_UNITS,
    `The maximum payment is ${formatMoney(PAYMENT_MAX_UNITS)}.`,
  );

/** "12.50" → 125000 units, with the reason spelled out when the text is not an amount. */
export const amountInputSchema = z
  .string({ error: 'Enter an amount.' })
  .transform((text, ctx) => {
    const parsed = parseAmountInput(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.units;
  })
  .pipe(paymentUnitsSchema);

const OUTDATED_FORM = 'This payment form is out of date. Reload the page and try again.';

/** One per payment attempt (the form makes a fresh one after each completed attempt). */
export const idempotencyKeySchema = z
  .string({ error: OUTDATED_FORM })
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,100}$/, OUTDATED_FORM);

/** Amount and idempotency key: all a provider that collects the card itself needs. */
export const paymentRequestSchema = z.object({
  amount: amountInputSchema,
  idempotencyKey: idempotencyKeySchema,
});

export interface CardInput {
  /** Digits only. Handed to the provider, never stored, logged or echoed. */
  number: string;
  brand: ReturnType<typeof cardBrand>;
  last4: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

const cardFields = z.object({
  cardNumber: z
    .string({ error: 'Enter the card number.' })
    .transform(normalizeCardNumber)
    .pipe(
      z
        .string()
        .min(1, 'Enter the card number.')
        .regex(/^\d+$/, 'A card number has digits only.')
        .min(12, 'This card number is too short.')
        .max(19, 'This card number is too long.')
        .refine(luhnValid, 'This card number is not valid: check the digits.'),
    ),
  cardExpiry: z.string({ error: 'Enter the expiry date (MM/YY).' }).transform((text, ctx) => {
    const parsed = parseExpiry(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return { month: parsed.month, year: parsed.year };
  }),
  cardCvc: z
    .string({ error: 'Enter the security code (CVC).' })
    .trim()
    .regex(/^\d{3,4}$/, 'The security code (CVC) is the 3 or 4 digits on the card.'),
});

/** A payment with a card typed into our form (the built-in test provider). */
export const cardPaymentSchema = paymentRequestSchema
  .extend(cardFields.shape)
  .superRefine((input, ctx) => {
    const expected = cvcLength(cardBrand(input.cardNumber));
    if (input.cardCvc.length !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['cardCvc'],
        message: `The security code (CVC) of this card has ${expected} digits.`,
      });
    }
  })
  .transform(({ amount, idempotencyKey, cardNumber, cardExpiry, cardCvc }) => ({
    amount,
    idempotencyKey,
    card: {
      number: cardNumber,
      brand: cardBrand(cardNumber),
      last4: cardNumber.slice(-4),
      expMonth: cardExpiry.month,
      expYear: cardExpiry.year,
      cvc: cardCvc,
    } satisfies CardInput,
  }));

export type PaymentRequest = z.output<typeof paymentRequestSchema>;
export type CardPaymentRequest = z.output<typeof cardPaymentSchema>;
