'use client';

import { useEffect, useId, useRef, useState, useTransition, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** The row actions a table's forms can name in `data-row-action`. */
export type RowActions = Record<string, Action>;

interface Pending {
  form: HTMLFormElement;
  title: string;
  body: string;
  confirmLabel: string;
  danger: boolean;
}

interface Answer {
  slot: Element;
  state: FormState | 'pending';
}

const IDLE: FormState = { status: 'idle' };

function Result({ state }: { state: FormState | 'pending' }) {
  if (state === 'pending') {
    return (
      <p role="status" className="text-right text-xs text-slate-500">
        …
      </p>
    );
  }
  if (!state.message || state.status === 'idle') return null;
  const error = state.status === 'error';
  return (
    <p
      role={error ? 'alert' : 'status'}
      data-testid={error ? 'row-error' : 'row-success'}
      className={`max-w-xs text-right text-xs ${error ? 'text-red-700' : 'text-emerald-800'}`}
    >
      {state.message}
    </p>
  );
}

/**
 * The one client component of a long table: its rows are plain server markup (a form per row
 * action, with `data-row-action`, `data-row-key` and a `[data-row-result]` slot, and a button
 * carrying `data-confirm-*` texts). This island listens to the whole table, asks for
 * confirmation in a single dialog, calls the action, and shows each answer in its row's slot.
 * Rendering every row as client components shipped each row's props, action references and
 * dialogs to the browser: most of the page's bytes and server time at 50 rows.
 */
export function RowActionsIsland({
  actions,
  children,
}: {
  actions: RowActions;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [asking, setAsking] = useState<Pending | null>(null);
  // Each answer with the slot it shows in (React keeps a kept row's DOM nodes across refreshes).
  const [results, setResults] = useState<ReadonlyMap<string, Answer>>(new Map());
  const [, startTransition] = useTransition();

  useEffect(() => {
    if (asking && !dialog.current?.open) dialog.current?.showModal();
  }, [asking]);

  const run = (form: HTMLFormElement) => {
    const key = form.dataset.rowKey ?? '';
    const action = actions[form.dataset.rowAction ?? ''];
    const slot = form.querySelector('[data-row-result]');
    if (!action || !slot || results.get(key)?.state === 'pending') return;
    const setResult = (state: Answer['state']) =>
      setResults((current) => new Map(current).set(key, { slot, state }));
    const data = new FormData(form);
    setResult('pending');
    startTransition(async () => {
      const state = await action(IDLE, data).catch(
        (): FormState => ({ status: 'error', message: 'Something went wrong. Try again.' }),
      );
      startTransition(() => setResult(state));
    });
  };

  const onClick = (event: React.MouseEvent) => {
    const trigger = (event.target as Element).closest('button[data-confirm-title]');
    if (!(trigger instanceof HTMLButtonElement) || !trigger.form) return;
    const { confirmTitle, confirmBody, confirmLabel, confirmDanger } = trigger.dataset;
    const choice = trigger.form.querySelector('select')?.selectedOptions[0]?.text ?? '';
    setAsking({
      form: trigger.form,
      title: confirmTitle ?? '',
      body: (confirmBody ?? '').replace('{choice}', choice),
      confirmLabel: confirmLabel ?? trigger.textContent ?? '',
      danger: confirmDanger !== 'false',
    });
  };

  // Row forms are only ever sent through the dialog (and never as a native GET).
  const onSubmit = (event: React.FormEvent) => {
    if ((event.target as HTMLElement).dataset.rowAction) event.preventDefault();
  };

  return (
    <div onClick={onClick} onSubmit={onSubmit}>
      {children}
      {[...results].map(([key, { slot, state }]) =>
        createPortal(<Result state={state} />, slot, key),
      )}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => setAsking(null)}
        className="m-auto w-full max-w-md rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {asking?.title}
          </h2>
          <div className="text-sm text-slate-600">{asking?.body}</div>
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={
              asking?.danger === false
                ? 'btn-primary'
                : 'btn bg-red-600 text-white hover:bg-red-700'
            }
            onClick={() => {
              if (asking) run(asking.form);
              dialog.current?.close();
            }}
          >
            {asking?.confirmLabel}
          </button>
        </div>
      </dialog>
    </div>
  );
}
