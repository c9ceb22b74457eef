import Link from 'next/link';

/** First / newer / older links of a keyset-paged list (`href` keeps the filters). */
export function AuditPager({
  href,
  onFirstPage,
  prevCursor,
  nextCursor,
}: {
  href: (cursor: Record<string, string | null>) => string;
  onFirstPage: boolean;
  prevCursor: string | null;
  nextCursor: string | null;
}) {
  return (
    <nav aria-label="Audit log pages" className="flex items-center justify-end gap-2">
      {!onFirstPage && (
        <Link href={href({})} className="btn-secondary">
          First page
        </Link>
      )}
      {prevCursor && (
        <Link href={href({ after: prevCursor })} className="btn-secondary" rel="prev">
          ← Newer
        </Link>
      )}
      {nextCursor && (
        <Link href={href({ before: nextCursor })} className="btn-secondary" rel="next">
          Older →
        </Link>
      )}
    </nav>
  );
}
