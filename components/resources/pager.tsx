import Link from 'next/link';

/** "Newer / older" links of a keyset-paginated list (the cursor lives in the URL). */
export function Pager({
  basePath,
  isFirstPage,
  nextCursor,
}: {
  basePath: string;
  isFirstPage: boolean;
  nextCursor: string | null;
}) {
  if (isFirstPage && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="flex justify-between border-t border-slate-100 px-5 py-3">
      {isFirstPage ? (
        <span />
      ) : (
        <Link href={basePath} className="link text-sm">
          First page
        </Link>
      )}
      {nextCursor && (
        <Link href={`${basePath}?after=${encodeURIComponent(nextCursor)}`} className="link text-sm">
          Older
        </Link>
      )}
    </nav>
  );
}
