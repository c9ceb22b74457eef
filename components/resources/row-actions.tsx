'use client';

import { ConfirmedRowAction, RowForm } from '@/components/ui/row-form';
import type { FormState } from '@/lib/forms';

// A resource row's operations. Their success shows in the list itself (the row's state
// changes), so only errors are written under the button.

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** A plain row button (start, stop, reboot) posting the resource id to its action. */
export function RowButton({
  label,
  disabledReason,
  ...form
}: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  label: string;
  /** Shown as the button's title and announced; the server refuses regardless. */
  disabledReason?: string;
}) {
  return (
    <RowForm {...form} quietSuccess>
      {(pending) => (
        <button
          type="submit"
          className="btn-secondary px-2.5 py-1 text-xs"
          disabled={pending || Boolean(disabledReason)}
          title={disabledReason}
          aria-label={disabledReason ? `${label} (${disabledReason})` : undefined}
        >
          {pending ? '…' : label}
        </button>
      )}
    </RowForm>
  );
}

/** Delete behind a confirmation dialog. */
export function ConfirmedDelete(props: {
  action: Action;
  accountId: string;
  fields: Record<string, string>;
  title: string;
  body: string;
}) {
  return (
    <ConfirmedRowAction
      {...props}
      quietSuccess
      label="Delete"
      confirmLabel="Delete"
      className="btn-secondary px-2.5 py-1 text-xs text-red-700"
    />
  );
}
