'use client';

import { parseAmountInput } from '@/lib/money';
import { Field } from './card-fields';

/** The amount: quick picks and a custom amount in the account's currency. */
export function AmountFields({
  amount,
  onChange,
  quickAmounts,
  currency,
  hint,
  error,
}: {
  amount: string;
  onChange: (amount: string) => void;
  quickAmounts: string[];
  currency: string;
  hint: string;
  error?: string[];
}) {
  const parsed = parseAmountInput(amount);
  return (
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
              onClick={() => onChange(quick)}
              className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm font-medium text-slate-700 tabular-nums hover:bg-slate-50 aria-pressed:border-brand-500 aria-pressed:bg-brand-50 aria-pressed:text-brand-700"
            >
              {quick.replace(/\.00$/, '')}
            </button>
          );
        })}
      </div>
      <Field id="amount" label={`Amount in ${currency}`} error={error} hint={hint}>
        <div className="relative">
          <input
            id="amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'amount-error' : 'amount-hint'}
            className="input pr-14 tabular-nums"
          />
          <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">
            {currency}
          </span>
        </div>
      </Field>
    </fieldset>
  );
}
