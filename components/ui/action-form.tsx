'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/forms';
import { FormAlert } from './form-alert';

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'hidden' | 'select' | 'textarea';
  /** For selects: [value, label] pairs. */
  options?: ReadonlyArray<readonly [string, string]>;
  autoComplete?: string;
  defaultValue?: string;
  hint?: string;
  required?: boolean;
}

type Action = (state: FormState, form: FormData) => Promise<FormState>;

function describedBy(errors: string[] | undefined, field: FieldSpec): string | undefined {
  const ids = [errors ? `${field.name}-error` : '', field.hint ? `${field.name}-hint` : ''];
  return ids.filter(Boolean).join(' ') || undefined;
}

function SubmitButton({
  label,
  pendingLabel,
  disabledReason,
  disabled = false,
}: {
  label: string;
  pendingLabel?: string;
  disabledReason?: string;
  disabled?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <>
      <button
        type="submit"
        className="btn-primary w-full"
        disabled={pending || disabled || Boolean(disabledReason)}
        aria-busy={pending}
        aria-describedby={disabledReason ? 'submit-disabled-reason' : undefined}
      >
        {pending ? (pendingLabel ?? 'Working…') : label}
      </button>
      {disabledReason && (
        <p
          id="submit-disabled-reason"
          data-testid="submit-disabled-reason"
          className="text-sm text-amber-800"
        >
          {disabledReason}
        </p>
      )}
    </>
  );
}

/** One labelled input (text, select or textarea) with its hint and its errors. */
function Field({
  field,
  value,
  errors,
}: {
  field: FieldSpec;
  value: string | undefined;
  errors: string[] | undefined;
}) {
  if (field.type === 'hidden')
    return <input type="hidden" name={field.name} defaultValue={value} />;
  const common = {
    id: field.name,
    name: field.name,
    required: field.required ?? true,
    'aria-invalid': errors ? true : undefined,
    'aria-describedby': describedBy(errors, field),
    className: 'input',
  };
  return (
    <div className="space-y-1">
      <label htmlFor={field.name} className="block text-sm font-medium text-slate-700">
        {field.label}
        {field.required === false && (
          <span className="font-normal text-slate-500"> (optional)</span>
        )}
      </label>
      {field.type === 'select' ? (
        <select {...common} defaultValue={value ?? ''}>
          <option value="">Choose…</option>
          {field.options?.map(([optionValue, optionLabel]) => (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          ))}
        </select>
      ) : field.type === 'textarea' ? (
        <textarea {...common} rows={3} defaultValue={value} />
      ) : (
        <input
          {...common}
          type={field.type ?? 'text'}
          autoComplete={field.autoComplete}
          defaultValue={field.type === 'password' ? undefined : value}
        />
      )}
      {field.hint && (
        <p id={`${field.name}-hint`} className="text-xs text-slate-500">
          {field.hint}
        </p>
      )}
      {errors && (
        <p
          id={`${field.name}-error`}
          data-testid={`error-${field.name}`}
          className="text-sm text-red-700"
        >
          {errors.map((message) => (
            <span key={message} className="block">
              {message}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** A form bound to a server action: field errors under each field, a message on top. */
export function ActionForm({
  action,
  fields,
  submitLabel,
  pendingLabel,
  hideOnSuccess = false,
  successExtra,
  resetOnSuccess = false,
  disabledReason,
  submitDisabled = false,
}: {
  action: Action;
  fields: FieldSpec[];
  submitLabel: string;
  pendingLabel?: string;
  hideOnSuccess?: boolean;
  successExtra?: React.ReactNode;
  /** Clear the inputs after a success (e.g. a create form that stays on the page). */
  resetOnSuccess?: boolean;
  /** Why submitting is not possible right now (the button is disabled; the server decides). */
  disabledReason?: string;
  /** Keep the button disabled (e.g. until the page has read what the form needs). */
  submitDisabled?: boolean;
}) {
  const [state, formAction] = useActionState(action, { status: 'idle' } as FormState);
  const succeeded = state.status === 'success';
  // Errors about hidden fields (e.g. a broken link's token) have no field to sit under.
  const hiddenErrors = fields
    .filter((f) => f.type === 'hidden')
    .flatMap((f) => state.fieldErrors?.[f.name] ?? []);

  return (
    <div className="space-y-4">
      <FormAlert state={state} error={hiddenErrors.join(' ')} successExtra={successExtra} />
      {!(succeeded && hideOnSuccess) && (
        // The key remounts the inputs so they show the values echoed back after an error.
        <form
          action={formAction}
          key={
            succeeded && resetOnSuccess
              ? `reset-${state.message}`
              : JSON.stringify(state.values ?? {})
          }
          className="space-y-4"
          noValidate
        >
          {fields.map((field) => (
            <Field
              key={field.name}
              field={field}
              value={state.values?.[field.name] ?? field.defaultValue}
              errors={state.fieldErrors?.[field.name]}
            />
          ))}
          <SubmitButton
            label={submitLabel}
            pendingLabel={pendingLabel}
            disabledReason={disabledReason}
            disabled={submitDisabled}
          />
        </form>
      )}
    </div>
  );
}
