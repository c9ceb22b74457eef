'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/forms';
import { formatMoney, parseAmountInput } from '@/lib/money';
import { StripeConfirm, type StripeBrowser } from './stripe-confirm';

export interface PaymentFormState extends FormState {
  /** A fresh idempotency key for the next attempt (every answer ends an attempt). */
  nextIdempotencyKey?: string;
  /** A started Stripe payment, to confirm in the browser with Stripe.js. */
  confirm?: { paymentId: string; clientSecret: string };
}

type Action = (state: PaymentFormState, form: FormData) => Promise<PaymentFormState>;

export interface TestCard {
  number: string;
  label: string;
}

function groupCardNumber(raw: string): string {
  const digits = raw.replace(/\D/g, '').slice(0, 19);
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function formatExpiry(raw: string, previous: string): string {
  const digits = raw.replace(/\D/g, '').slice(0, 4);
  if (digits.length <= 2) {
    // Typing "12" adds the slash; deleting back over it removes it.
    return digits.length === 2 && raw.length > previous.length ? `${digits}/` : digits;
  }
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string[];
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} data-testid={`error-${id}`} className="text-sm text-red-700">
          {error.join(' ')}
        </p>
      )}
    </div>
  );
}

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
  const [cardNumber, setCardNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    // A new answer: after a success the card fields are cleared for the next payment.
    setSeenState(state);
    if (state.status === 'success') {
      setCardNumber('');
      setExpiry('');
      setCvc('');
    }
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
      {state.status === 'error' && state.message && (
        <div
          role="alert"
          data-testid="form-error"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {keyError ?? state.message}
        </div>
      )}
      {state.status === 'success' && state.message && (
        <div
          role="status"
          data-testid="form-success"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          {state.message}
          {state.link && (
            <>
              {' '}
              <Link href={state.link.href} className="font-medium underline">
                {state.link.label}
              </Link>
            </>
          )}
        </div>
      )}
      {confirming && state.confirm && stripe && (
        <section
          aria-labelledby="stripe-confirm-title"
          className="space-y-3 rounded-md border border-slate-200 p-3"
        >
          <h3 id="stripe-confirm-title" className="text-sm font-medium text-slate-700">
            Card details
          </h3>
          <StripeConfirm
            key={state.confirm.paymentId}
            stripe={stripe}
            clientSecret={state.confirm.clientSecret}
            returnPath={`/a/${accountId}/billing/payments/${state.confirm.paymentId}`}
            amountLabel={payLabel.replace(/^Pay /, '')}
          />
          <p className="text-xs text-slate-500">
            Entered on Stripe&apos;s form: the card never reaches Alpenglow.{' '}
            <a href={`/a/${accountId}/billing`} className="link">
              Start over
            </a>
          </p>
        </section>
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
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Amount</legend>
          <div className="grid grid-cols-4 gap-2" role="group" aria-label="Quick amounts">
            {quickAmounts.map((quick) => {
              const selected = parsed.ok && parseAmountInput(quick).ok && quick === amount;
              return (
                <button
                  key={quick}
                  type="button"
                  aria-pressed={selected}
                  onClick={() => setAmount(quick)}
                  className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm font-medium text-slate-700 tabular-nums hover:bg-slate-50 aria-pressed:border-brand-500 aria-pressed:bg-brand-50 aria-pressed:text-brand-700"
                >
                  {quick.replace(/\.00$/, '')}
                </button>
              );
            })}
          </div>
          <Field
            id="amount"
            label={`Amount in ${currency}`}
            error={errors.amount}
            hint={limitsText}
          >
            <div className="relative">
              <input
                id="amount"
                name="amount"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={errors.amount ? true : undefined}
                aria-describedby={errors.amount ? 'amount-error' : 'amount-hint'}
                className="input pr-14 tabular-nums"
              />
              <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">
                {currency}
              </span>
            </div>
          </Field>
        </fieldset>

        {collectsCard ? (
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-slate-700">Card</legend>
            <Field id="cardNumber" label="Card number" error={errors.cardNumber}>
              <input
                id="cardNumber"
                name="cardNumber"
                inputMode="numeric"
                autoComplete="cc-number"
                placeholder="1234 1234 1234 1234"
                value={cardNumber}
                onChange={(e) => setCardNumber(groupCardNumber(e.target.value))}
                aria-invalid={errors.cardNumber ? true : undefined}
                aria-describedby={errors.cardNumber ? 'cardNumber-error' : undefined}
                className="input font-mono tabular-nums"
              />
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field id="cardExpiry" label="Expiry (MM/YY)" error={errors.cardExpiry}>
                <input
                  id="cardExpiry"
                  name="cardExpiry"
                  inputMode="numeric"
                  autoComplete="cc-exp"
                  placeholder="MM/YY"
                  value={expiry}
                  onChange={(e) => setExpiry(formatExpiry(e.target.value, expiry))}
                  aria-invalid={errors.cardExpiry ? true : undefined}
                  aria-describedby={errors.cardExpiry ? 'cardExpiry-error' : undefined}
                  className="input tabular-nums"
                />
              </Field>
              <Field id="cardCvc" label="CVC" error={errors.cardCvc}>
                <input
                  id="cardCvc"
                  name="cardCvc"
                  inputMode="numeric"
                  autoComplete="cc-csc"
                  placeholder="123"
                  value={cvc}
                  onChange={(e) => setCvc(e.target.value.replace(/\D/g, '').slice(0, 4))}
                  aria-invalid={errors.cardCvc ? true : undefined}
                  aria-describedby={errors.cardCvc ? 'cardCvc-error' : undefined}
                  className="input tabular-nums"
                />
              </Field>
            </div>
            {testCards.length > 0 && (
              <div className="rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2 text-xs text-slate-600">
                <p className="font-medium text-slate-700">Test mode: no real money moves.</p>
                <ul className="mt-1 space-y-0.5">
                  {testCards.map((card) => (
                    <li key={card.number} className="flex items-center justify-between gap-2">
                      <span>
                        <span className="font-mono">{groupCardNumber(card.number)}</span> ·{' '}
                        {card.label}
                      </span>
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          setCardNumber(groupCardNumber(card.number));
                          if (!expiry) setExpiry('12/30');
                          if (!cvc) setCvc('123');
                        }}
                      >
                        Use
                      </button>
                    </li>
                  ))}
                </ul>
                <p className="mt-1">Any future expiry date and any 3-digit CVC work.</p>
              </div>
            )}
          </fieldset>
        ) : (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
            You confirm the payment with your card on Stripe&apos;s secure form in the next step.
            The funds appear as soon as Stripe confirms the payment.
          </p>
        )}

        <PayButton label={payLabel} />
        <p className="text-xs text-slate-500">
          Funds are prepaid credit for this account only: they cannot be moved to another account.
          Only the card brand and its last 4 digits are kept.
        </p>
      </form>
    </div>
  );
}
