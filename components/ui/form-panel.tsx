import type { ReactNode } from 'react';

/** A white bordered section around a form, titled by its `<h2>` (`titleId` labels it). */
export function FormPanel({
  titleId,
  title,
  intro,
  className = 'max-w-xl',
  children,
}: {
  titleId: string;
  title: ReactNode;
  /** A line under the title saying what the form does. */
  intro?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={titleId}
      className={`${className} rounded-lg border border-slate-200 bg-white p-5`}
    >
      <h2 id={titleId} className={intro ? 'mb-1 font-medium' : 'mb-3 font-medium'}>
        {title}
      </h2>
      {intro && <p className="mb-4 text-sm text-slate-600">{intro}</p>}
      {children}
    </section>
  );
}
