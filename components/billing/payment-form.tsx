'use client';

import { useActionState, useState } from 'react';
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/forms';
import { FormAlert } from '@/components/ui/form-alert';
import { AmountFields } from './amount-fields';
import { CardFields, type CardValues, type TestCard } from './card-fields';

const NO_CARD: CardValues = { number: '', expiry: '', cvc: '' };
import { formatMoney, parseAmountInput } from '@/lib/money';
import { StripeConfirmStep, type StripeBrowser } from './stripe-confirm';

export interface PaymentFormState extends FormState {
  /** A fresh idempotency key for the next attempt (every answer ends an attempt). */
  nextIdempotencyKey?: string;
  /** A started Stripe payment, to confirm in the browser with Stripe.js. */
  confirm?: { paymentId: string; clientSecret: string; amountLabel: string };
}

type Action = (state: PaymentFormState, form: FormData) => Promise<PaymentFormState>;

export type { TestCard };

function PayButton({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className="btn-primary w-full"
      disabled={pending}
      aria-busy={pending}
      data-testid="pay-button"
    >
      {pending ? 'Processing payment…' : label}
    </button>
  );
}

function FundsNote() {
  return (
    <p className="text-xs text-slate-500">
      Funds are prepaid credit for this account only: they cannot be moved to another account. Only
      the card brand and its last 4 digits are kept.
    </p>
  );
}

/** Where the card goes when the provider collects it itself (Stripe's Payment Element). */
function ProviderCardNote() {
  return (
    <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
      You confirm the payment with your card on Stripe&apos;s secure form in the next step. The
      funds appear as soon as Stripe confirms the payment.
    </p>
  );
}

/**
 * The payment form: quick picks and a custom amount, and (for the built-in test processor)
 * the card. Every attempt carries an idempotency key from the server; a double click or a
 * resubmitted form sends the same key again, and each answer brings a fresh key.
 */
export function PaymentForm({
  action,
  accountId,
  currency,
  initialKey,
  quickAmounts,
  defaultAmount,
  limitsText,
  collectsCard,
  testCards,
  stripe = null,
}: {
  action: Action;
  accountId: string;
  currency: string;
  initialKey: string;
  quickAmounts: string[];
  defaultAmount: string;
  limitsText: string;
  collectsCard: boolean;
  testCards: TestCard[];
  /** Stripe.js settings when the provider's Payment Element collects the card. */
  stripe?: StripeBrowser | null;
}) {
  const [state, formAction] = useActionState(action, { status: 'idle' } as PaymentFormState);
  const [amount, setAmount] = useState(defaultAmount);
  const [card, setCard] = useState(NO_CARD);
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    // A new answer: after a success the card fields are cleared for the next payment.
    setSeenState(state);
    if (state.status === 'success') setCard(NO_CARD);
  }
  const errors = state.fieldErrors ?? {};
  const parsed = parseAmountInput(amount);
  const payLabel = parsed.ok ? `Pay ${formatMoney(parsed.units, currency)}` : 'Pay';
  const key = state.nextIdempotencyKey ?? initialKey;
  const keyError = errors.idempotencyKey?.join(' ');
  // A started Stripe payment is confirmed with Stripe.js; the amount form waits meanwhile.
  const confirming = state.status === 'success' && Boolean(state.confirm && stripe);

  return (
    <div className="space-y-4">
      <FormAlert state={state} error={keyError} />
      {confirming && state.confirm && stripe && (
        <StripeConfirmStep stripe={stripe} confirm={state.confirm} accountId={accountId} />
      )}
      <form
        action={formAction}
        hidden={confirming}
        className="space-y-4"
        noValidate
        data-testid="payment-form"
      >
        <input type="hidden" name="accountId" value={accountId} />
        <input type="hidden" name="idempotencyKey" value={key} />
        <AmountFields
          amount={amount}
          onChange={setAmount}
          quickAmounts={quickAmounts}
          currency={currency}
          hint={limitsText}
          error={errors.amount}
        />

        {collectsCard ? (
          <CardFields errors={errors} testCards={testCards} card={card} onChange={setCard} />
        ) : (
          <ProviderCardNote />
        )}

        <PayButton label={payLabel} />
        <FundsNote />
      </form>
    </div>
  );
}
