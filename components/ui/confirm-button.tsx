'use client';

import { useId, useRef } from 'react';

/**
 * A destructive step behind a confirmation dialog. The dialog's confirm button submits the
 * surrounding form, so the action still goes through the server's checks.
 */
export function ConfirmButton({
  label,
  title,
  body,
  confirmLabel,
  className = 'btn-secondary',
  danger = true,
}: {
  label: string;
  title: string;
  body: React.ReactNode;
  confirmLabel: string;
  className?: string;
  danger?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className={className} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{body}</div>
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="submit"
            className={danger ? 'btn bg-red-600 text-white hover:bg-red-700' : 'btn-primary'}
            onClick={() => dialog.current?.close()}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
