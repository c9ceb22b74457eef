'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface StripeBrowser {
  publishableKey: string;
  /** Stripe.js's URL; another than Stripe's own (a test stand-in) is loaded first. */
  scriptUrl: string;
  defaultScriptUrl: string;
}

let stripeLoading: Promise<Stripe | null> | null = null;

/** Loads Stripe.js once per page (the `pure` entry loads nothing until asked). */
function loadStripeJs(settings: StripeBrowser): Promise<Stripe | null> {
  stripeLoading ??= (async () => {
    if (settings.scriptUrl !== settings.defaultScriptUrl) {
      // A configured Stripe.js (a stand-in without network): once it defined window.Stripe,
      // loadStripe uses it instead of fetching Stripe's.
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement('script');
        script.src = settings.scriptUrl;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error('Stripe.js could not be loaded.'));
        document.head.appendChild(script);
      });
    }
    return loadStripe(settings.publishableKey);
  })().catch((error: unknown) => {
    stripeLoading = null;
    throw error;
  });
  return stripeLoading;
}

function ConfirmForm({ returnPath, amountLabel }: { returnPath: string; amountLabel: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm(event: React.FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    // Cards confirm in place; a method that needs a redirect (e.g. a bank's 3-D Secure page)
    // comes back to the receipt page, which asks Stripe for the outcome.
    const result = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: new URL(returnPath, window.location.origin).href },
      redirect: 'if_required',
    });
    if (result.error) {
      setError(result.error.message ?? 'The payment could not be confirmed.');
      setBusy(false);
      return;
    }
    router.push(returnPath);
  }

  return (
    <form onSubmit={confirm} className="space-y-3" data-testid="stripe-confirm">
      <PaymentElement onReady={() => setReady(true)} />
      {error && (
        <p role="alert" data-testid="stripe-error" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="btn-primary w-full"
        disabled={!stripe || !ready || busy}
        aria-busy={busy}
      >
        {busy ? 'Confirming…' : `Confirm ${amountLabel}`}
      </button>
    </form>
  );
}

/**
 * The second step of a Stripe payment: the server created the PaymentIntent; the card is
 * entered in Stripe's Payment Element and confirmed with Stripe.js (our server never sees
 * it). The account is credited when Stripe confirms — the receipt page asks, and the webhook
 * tells.
 */
export function StripeConfirm({
  stripe,
  clientSecret,
  returnPath,
  amountLabel,
}: {
  stripe: StripeBrowser;
  clientSecret: string;
  returnPath: string;
  amountLabel: string;
}) {
  const [stripePromise] = useState(() => loadStripeJs(stripe));
  return (
    <Elements stripe={stripePromise} options={{ clientSecret }}>
      <ConfirmForm returnPath={returnPath} amountLabel={amountLabel} />
    </Elements>
  );
}

/** The Stripe step in place of the amount form: the card element, and a way to start over. */
export function StripeConfirmStep({
  stripe,
  confirm,
  accountId,
}: {
  stripe: StripeBrowser;
  confirm: { paymentId: string; clientSecret: string; amountLabel: string };
  accountId: string;
}) {
  return (
    <section
      aria-labelledby="stripe-confirm-title"
      className="space-y-3 rounded-md border border-slate-200 p-3"
    >
      <h3 id="stripe-confirm-title" className="text-sm font-medium text-slate-700">
        Card details
      </h3>
      <StripeConfirm
        key={confirm.paymentId}
        stripe={stripe}
        clientSecret={confirm.clientSecret}
        returnPath={`/a/${accountId}/billing/payments/${confirm.paymentId}`}
        amountLabel={confirm.amountLabel}
      />
      <p className="text-xs text-slate-500">
        Entered on Stripe&apos;s form: the card never reaches Alpenglow.{' '}
        <a href={`/a/${accountId}/billing`} className="link">
          Start over
        </a>
      </p>
    </section>
  );
}
