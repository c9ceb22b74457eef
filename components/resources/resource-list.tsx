import type { ReactNode } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { formatDay, formatDayAndTime } from '@/lib/dates';
import { EmptyState, Panel } from '@/components/ui/table';
import { Pager } from './pager';

// The frame the Compute and Storage pages share: the header with the quota in use, and the
// paginated list panel with its empty state, and the cells their tables share.

/** The page title, what it is for, and "N of M <noun> used." */
export function ResourcePageHeader({
  title,
  intro,
  used,
  quota,
  noun,
}: {
  title: string;
  intro: ReactNode;
  used: number;
  quota: number;
  noun: 'instances' | 'buckets';
}) {
  return (
    <PageHeader
      title={title}
      description={
        <>
          {intro}{' '}
          <span data-testid={`${noun.slice(0, -1)}-quota`}>
            {used} of {quota} {noun} used.
          </span>
        </>
      }
    />
  );
}

/** One page of resources (newest first) with the newer/older links. */
export function ResourceListPanel({
  noun,
  title,
  basePath,
  cursor,
  nextCursor,
  empty,
  emptyText,
  children,
}: {
  noun: 'instances' | 'buckets';
  title: string;
  basePath: string;
  cursor: string | null;
  nextCursor: string | null;
  /** When the page has no item: shown instead of `children`. */
  empty: boolean;
  /** What an empty first page says (a later page says there are no older ones). */
  emptyText: string;
  children: ReactNode;
}) {
  return (
    <Panel titleId={`${noun}-title`} title={title}>
      {empty ? (
        <EmptyState testId={`no-${noun}`} padding="py-10">
          {cursor ? `No older ${noun}.` : emptyText}
        </EmptyState>
      ) : (
        children
      )}
      <Pager basePath={basePath} isFirstPage={!cursor} nextCursor={nextCursor} />
    </Panel>
  );
}

/** When a resource was created: the day, with the time (UTC) on hover. */
export function CreatedCell({ at }: { at: Date }) {
  return (
    <td className="px-4 py-3 whitespace-nowrap text-slate-600" title={formatDayAndTime(at)}>
      {formatDay(at)}
    </td>
  );
}
