import type { ReactNode } from 'react';

/** One figure in a row of summary cards (inside a `<dl>`): its label and its value. */
export function Stat({
  label,
  valueClassName = 'mt-1',
  testId,
  children,
}: {
  label: string;
  valueClassName?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className={valueClassName} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
