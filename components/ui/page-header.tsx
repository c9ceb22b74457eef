import type { ReactNode } from 'react';

/** A console page's title, a line saying what the page is for, and optional actions. */
export function PageHeader({
  title,
  description,
  actions,
  testId,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  const heading = (
    <div>
      <h1 className="text-2xl font-semibold" data-testid={testId}>
        {title}
      </h1>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
    </div>
  );
  if (!actions) return heading;
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      {heading}
      {actions}
    </div>
  );
}
