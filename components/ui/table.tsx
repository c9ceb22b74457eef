import type { ReactNode } from 'react';

/**
 * Presentational building blocks for the console's white, bordered panels and the tables in
 * them (billing, users, audit log, organizations). Server-renderable; no state.
 */

function cx(...classes: (string | false | undefined)[]): string {
  return classes.filter(Boolean).join(' ');
}

/**
 * A rounded white bordered section. With a `title` it gets a header row whose `<h2>` has
 * `titleId` (the section is `aria-labelledby` it); `aside` is shown at the header's right.
 */
export function Panel({
  titleId,
  title,
  aside,
  headerClassName = 'items-baseline',
  className,
  children,
}: {
  titleId?: string;
  title?: ReactNode;
  aside?: ReactNode;
  /** Layout classes for the header row when there is an `aside`. */
  headerClassName?: string;
  className?: string;
  children: ReactNode;
}) {
  const headerRow = 'border-b border-slate-100 px-5 py-3';
  return (
    <section
      aria-labelledby={titleId}
      className={cx(className, 'rounded-lg border border-slate-200 bg-white')}
    >
      {title !== undefined &&
        (aside === undefined ? (
          <h2 id={titleId} className={cx(headerRow, 'font-medium')}>
            {title}
          </h2>
        ) : (
          <div className={cx('flex justify-between', headerClassName, headerRow)}>
            <h2 id={titleId} className="font-medium">
              {title}
            </h2>
            {aside}
          </div>
        ))}
      {children}
    </section>
  );
}

/** The centred grey message a panel shows instead of an empty table. */
export function EmptyState({
  testId,
  padding = 'py-8',
  children,
}: {
  testId?: string;
  padding?: 'py-6' | 'py-8' | 'py-10';
  children: ReactNode;
}) {
  return (
    <p className={cx('px-5 text-center text-sm text-slate-500', padding)} data-testid={testId}>
      {children}
    </p>
  );
}

export type Column =
  | string
  | {
      label: string;
      align?: 'right';
      /** Announced to screen readers only (e.g. an actions column). */
      srOnly?: boolean;
    };

/**
 * A full-width table with an uppercase header row built from `columns` (falsy entries are
 * skipped, for conditional columns); `children` are the body rows.
 */
export function DataTable({
  columns,
  cellX = 'px-5',
  shadedHead = false,
  scroll = false,
  testId,
  bodyClassName,
  children,
}: {
  columns: (Column | false)[];
  /** Horizontal cell padding of the header; body cells set their own. */
  cellX?: 'px-4' | 'px-5';
  shadedHead?: boolean;
  /** Wrap in a horizontally scrolling container. */
  scroll?: boolean;
  testId?: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  const table = (
    <table className="w-full text-sm" data-testid={testId}>
      <thead
        className={cx(
          shadedHead && 'bg-slate-50',
          'text-left text-xs tracking-wide text-slate-500 uppercase',
        )}
      >
        <tr>
          {columns.map((column) => {
            if (column === false) return null;
            const { label, align, srOnly } =
              typeof column === 'string' ? { label: column } : column;
            return srOnly ? (
              <th key={label} className={cx(cellX, 'py-2')}>
                <span className="sr-only">{label}</span>
              </th>
            ) : (
              <th
                key={label}
                className={cx(cellX, 'py-2', align === 'right' && 'text-right', 'font-semibold')}
              >
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className={cx('divide-y divide-slate-100', bodyClassName)}>{children}</tbody>
    </table>
  );
  return scroll ? <div className="overflow-x-auto">{table}</div> : table;
}

/** The unlabelled (to sight) header of a column of row buttons. */
export const ACTIONS_COLUMN: Column = { label: 'Actions', srOnly: true };
