import { randomUUID } from 'node:crypto';
import type { Account } from '@/db/schema';
import { PaymentForm, type PaymentFormState } from '@/components/billing/payment-form';
import { FormPanel } from '@/components/ui/form-panel';
import {
  PAYMENT_MAX_UNITS,
  PAYMENT_MIN_UNITS,
  QUICK_AMOUNTS_UNITS,
} from '@/lib/billing/payment-schema';
import type { PaymentProvider } from '@/lib/billing/providers/provider';
import { TEST_CARDS } from '@/lib/billing/providers/test-card';
import { formatAmount, formatMoney } from '@/lib/money';
import type { StripeBrowser } from './stripe-confirm';

type Action = (state: PaymentFormState, form: FormData) => Promise<PaymentFormState>;

/**
 * The "Add funds" panel: the payment form of the configured provider (with the test cards
 * in test mode), or why payments are unavailable.
 */
export function AddFunds({
  account,
  provider,
  action,
  stripe = null,
}: {
  account: Account;
  provider: Pick<PaymentProvider, 'id' | 'collectsCard'> | null;
  action: Action;
  /** Stripe.js settings when the card is entered in Stripe's Payment Element. */
  stripe?: StripeBrowser | null;
}) {
  const currency = account.currency;
  return (
    <FormPanel
      titleId="pay-title"
      title="Add funds"
      className="h-fit"
      intro={
        account.status === 'suspended'
          ? 'A payment that brings the balance above 0 activates the account at once.'
          : 'Top up the balance before it runs out.'
      }
    >
      {provider ? (
        <PaymentForm
          action={action}
          accountId={account.id}
          currency={currency}
          initialKey={randomUUID()}
          quickAmounts={QUICK_AMOUNTS_UNITS.map((u) => formatAmount(u).replace(/,/g, ''))}
          defaultAmount={formatAmount(QUICK_AMOUNTS_UNITS[1]!).replace(/,/g, '')}
          limitsText={`From ${formatMoney(PAYMENT_MIN_UNITS, currency)} to ${formatMoney(PAYMENT_MAX_UNITS, currency)}, in whole cents.`}
          collectsCard={provider.collectsCard}
          stripe={provider.collectsCard ? null : stripe}
          testCards={
            provider.id === 'test'
              ? [
                  { number: TEST_CARDS.success, label: 'succeeds' },
                  { number: TEST_CARDS.declined, label: 'declined' },
                  { number: TEST_CARDS.insufficientFunds, label: 'insufficient funds' },
                ]
              : []
          }
        />
      ) : (
        <div
          role="status"
          className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="payments-unavailable"
        >
          <p className="font-medium">Payments are not configured</p>
          <p className="mt-1">
            Funds cannot be added until the operator of this console sets up a payment provider.
          </p>
        </div>
      )}
    </FormPanel>
  );
}
