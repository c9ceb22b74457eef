'use client';

import { useEffect, useId, useRef } from 'react';

export interface Confirmation {
  title: string;
  body: string;
  confirmLabel: string;
  danger: boolean;
}

/**
 * One confirmation dialog for a whole table (ConfirmButton puts one in every row): opens when
 * `ask` is set, and reports on close whether its confirm button closed it.
 */
export function ConfirmDialog({
  ask,
  onClose,
}: {
  ask: Confirmation | null;
  onClose: (confirmed: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const confirmed = useRef(false);
  useEffect(() => {
    if (ask && !dialog.current?.open) {
      confirmed.current = false;
      dialog.current?.showModal();
    }
  }, [ask]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={() => onClose(confirmed.current)}
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-3 p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {ask?.title}
        </h2>
        <div className="text-sm text-slate-600">{ask?.body}</div>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
        <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className={ask?.danger ? 'btn bg-red-600 text-white hover:bg-red-700' : 'btn-primary'}
          onClick={() => {
            confirmed.current = true;
            dialog.current?.close();
          }}
        >
          {ask?.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
