'use client';

import { useActionState, useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

export interface ApiKeyView {
  key: string;
  created: string;
  lastUsed: string;
}

interface Issued {
  key: string;
  secret: string;
}

const idle: FormState = { status: 'idle' };

function issuedPair(state: FormState): Issued | null {
  const data = state.data as Partial<Issued> | undefined;
  return typeof data?.key === 'string' && typeof data.secret === 'string'
    ? { key: data.key, secret: data.secret }
    : null;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn-secondary shrink-0 py-1 text-xs"
      aria-label={`Copy ${label}`}
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 2_000);
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function Secret({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium tracking-wide text-slate-600 uppercase">{label}</p>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded border border-slate-200 bg-white px-2 py-1.5 font-mono text-sm break-all select-all"
        >
          {value}
        </code>
        <CopyButton text={value} label={label.toLowerCase()} />
      </div>
    </div>
  );
}

/** The pair just created or rotated: the only time its secret is ever shown. */
function IssuedPair({ pair }: { pair: Issued }) {
  return (
    <section
      aria-labelledby="issued-title"
      data-testid="issued-pair"
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-5"
    >
      <h2 id="issued-title" className="font-medium text-amber-950">
        Copy your secret now
      </h2>
      <p role="alert" className="text-sm text-amber-900">
        This is the only time the secret is shown. Store it in a password manager or your
        deployment’s secret store; if you lose it, rotate the key to get a new one.
      </p>
      <Secret label="Key" value={pair.key} testId="issued-key" />
      <Secret label="Secret" value={pair.secret} testId="issued-secret" />
    </section>
  );
}

function Message({ state }: { state: FormState }) {
  if (state.status === 'idle' || !state.message) return null;
  const error = state.status === 'error';
  return (
    <p
      role={error ? 'alert' : 'status'}
      data-testid={error ? 'form-error' : 'form-success'}
      className={`rounded-md border px-3 py-2 text-sm ${error ? 'border-red-200 bg-red-50 text-red-800' : 'border-emerald-200 bg-emerald-50 text-emerald-900'}`}
    >
      {state.message}
    </p>
  );
}

function KeyDetails({ current }: { current: ApiKeyView | null }) {
  if (!current) {
    return (
      <p data-testid="no-key" className="mb-4 text-sm text-slate-600">
        You have no API key for this account yet.
      </p>
    );
  }
  return (
    <dl className="mb-4 grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
      <dt className="text-slate-600">Key</dt>
      <dd>
        <code data-testid="current-key" className="font-mono">
          {current.key}
        </code>
      </dd>
      <dt className="text-slate-600">Created</dt>
      <dd data-testid="key-created">{current.created}</dd>
      <dt className="text-slate-600">Last used</dt>
      <dd data-testid="key-last-used">{current.lastUsed}</dd>
      <dt className="text-slate-600">Secret</dt>
      <dd className="text-slate-600">Shown once when the key was created or rotated.</dd>
    </dl>
  );
}

/** One of the panel's buttons: a form naming the account and the operation. */
function OpForm({
  accountId,
  op,
  dispatch,
  children,
}: {
  accountId: string;
  op: 'create' | 'rotate' | 'revoke';
  dispatch: (form: FormData) => void;
  children: React.ReactNode;
}) {
  return (
    <form action={dispatch}>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="$op" value={op} />
      {children}
    </form>
  );
}

/**
 * The user's own pair for this account: create it, or rotate / revoke it after confirming.
 * The three actions share one state so the newest answer (and a new secret) is what shows.
 */
export function ApiKeyPanel({
  accountId,
  current,
  createAction,
  rotateAction,
  revokeAction,
}: {
  accountId: string;
  current: ApiKeyView | null;
  createAction: Action;
  rotateAction: Action;
  revokeAction: Action;
}) {
  const [state, dispatch, pending] = useActionState((previous: FormState, form: FormData) => {
    const op = form.get('$op');
    const action = op === 'rotate' ? rotateAction : op === 'revoke' ? revokeAction : createAction;
    return action(previous, form);
  }, idle);
  const pair = issuedPair(state);
  return (
    <div className="space-y-4">
      <Message state={state} />
      {pair && <IssuedPair pair={pair} />}
      <section
        aria-labelledby="current-key"
        className="rounded-lg border border-slate-200 bg-white p-5"
      >
        <h2 id="current-key" className="mb-3 font-medium">
          Your key pair
        </h2>
        <KeyDetails current={current} />
        <div className="flex flex-wrap gap-2">
          {current ? (
            <>
              <OpForm accountId={accountId} op="rotate" dispatch={dispatch}>
                <ConfirmButton
                  label={pending ? 'Working…' : 'Rotate key'}
                  title="Rotate your API key?"
                  body="A new key and secret are issued. The current secret stops working at once: update every script that uses it."
                  confirmLabel="Rotate key"
                  danger={false}
                />
              </OpForm>
              <OpForm accountId={accountId} op="revoke" dispatch={dispatch}>
                <ConfirmButton
                  label="Revoke key"
                  title="Revoke your API key?"
                  body="The key stops working at once. You can create a new one afterwards."
                  confirmLabel="Revoke key"
                />
              </OpForm>
            </>
          ) : (
            <OpForm accountId={accountId} op="create" dispatch={dispatch}>
              <button type="submit" className="btn-primary" disabled={pending}>
                {pending ? 'Creating…' : 'Create API key'}
              </button>
            </OpForm>
          )}
        </div>
      </section>
    </div>
  );
}
