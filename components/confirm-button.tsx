'use client';

import { useRef } from 'react';

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
}: {
  label: string;
  title: string;
  body: string;
  confirmLabel: string;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${title}-title`}
        className="m-auto w-full max-w-md rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={`${title}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{body}</p>
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn bg-red-600 text-white hover:bg-red-700"
            onClick={() => dialog.current?.close()}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
