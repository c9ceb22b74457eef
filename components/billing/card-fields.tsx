'use client';

import type { FieldErrors } from '@/lib/validation';

export interface TestCard {
  number: string;
  label: string;
}

export interface CardValues {
  number: string;
  expiry: string;
  cvc: string;
}

export function groupCardNumber(raw: string): string {
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

/** A labelled field; its input (or any control) is `children`, its errors below. */
export function Field({
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

/** One numeric card input (number, expiry or CVC) in its labelled field. */
function CardInput({
  name,
  label,
  error,
  autoComplete,
  placeholder,
  value,
  onChange,
  className = 'input tabular-nums',
}: {
  name: 'cardNumber' | 'cardExpiry' | 'cardCvc';
  label: string;
  error?: string[];
  autoComplete: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <Field id={name} label={label} error={error}>
      <input
        id={name}
        name={name}
        inputMode="numeric"
        autoComplete={autoComplete}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        className={className}
      />
    </Field>
  );
}

/** The card fieldset of the built-in test processor, with its test cards to pick from. */
export function CardFields({
  errors,
  testCards,
  card,
  onChange,
}: {
  errors: FieldErrors;
  testCards: TestCard[];
  card: CardValues;
  onChange: (card: CardValues) => void;
}) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Card</legend>
      <CardInput
        name="cardNumber"
        label="Card number"
        error={errors.cardNumber}
        autoComplete="cc-number"
        placeholder="1234 1234 1234 1234"
        value={card.number}
        onChange={(v) => onChange({ ...card, number: groupCardNumber(v) })}
        className="input font-mono tabular-nums"
      />
      <div className="grid grid-cols-2 gap-3">
        <CardInput
          name="cardExpiry"
          label="Expiry (MM/YY)"
          error={errors.cardExpiry}
          autoComplete="cc-exp"
          placeholder="MM/YY"
          value={card.expiry}
          onChange={(v) => onChange({ ...card, expiry: formatExpiry(v, card.expiry) })}
        />
        <CardInput
          name="cardCvc"
          label="CVC"
          error={errors.cardCvc}
          autoComplete="cc-csc"
          placeholder="123"
          value={card.cvc}
          onChange={(v) => onChange({ ...card, cvc: v.replace(/\D/g, '').slice(0, 4) })}
        />
      </div>
      {testCards.length > 0 && (
        <TestCards
          cards={testCards}
          onUse={(number) =>
            onChange({
              number: groupCardNumber(number),
              expiry: card.expiry || '12/30',
              cvc: card.cvc || '123',
            })
          }
        />
      )}
    </fieldset>
  );
}

function TestCards({ cards, onUse }: { cards: TestCard[]; onUse: (number: string) => void }) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2 text-xs text-slate-600">
      <p className="font-medium text-slate-700">Test mode: no real money moves.</p>
      <ul className="mt-1 space-y-0.5">
        {cards.map((card) => (
          <li key={card.number} className="flex items-center justify-between gap-2">
            <span>
              <span className="font-mono">{groupCardNumber(card.number)}</span> · {card.label}
            </span>
            <button type="button" className="link" onClick={() => onUse(card.number)}>
              Use
            </button>
          </li>
        ))}
      </ul>
      <p className="mt-1">Any future expiry date and any 3-digit CVC work.</p>
    </div>
  );
}
