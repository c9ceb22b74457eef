import Link from 'next/link';
import { MemberTable, type MemberRowData } from '@/components/members/member-table';
import { EmptyState, Panel } from '@/components/ui/table';
import { formatIsoDay, formatRelative } from '@/lib/dates';
import type { FormState } from '@/lib/forms';
import type { listMembers } from '@/lib/members/members';

type Action = (state: FormState, form: FormData) => Promise<FormState>;
type Member = Awaited<ReturnType<typeof listMembers>>['members'][number];

/** What an owner can do on each row; `activeKeys` are the members with an active API key. */
interface OwnerActions {
  changeRole: Action;
  remove: Action;
  revokeKey: Action;
  activeKeys: ReadonlySet<string>;
}

/**
 * The members of an organization, searched and paged in the URL (`q`, `page`). With
 * `actions` (owners), each row can change the member's role or remove them.
 */
export function MemberList({
  account,
  userId,
  members,
  total,
  query,
  page,
  pages,
  base,
  actions,
}: {
  account: { id: string; name: string };
  userId: string;
  members: Member[];
  total: number;
  query: string;
  page: number;
  pages: number;
  base: string;
  actions: OwnerActions | null;
}) {
  const pageHref = (n: number) =>
    `${base}?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(n) })}`;
  return (
    <Panel
      titleId="members"
      title={
        <>
          Members <span className="font-normal text-slate-500">({total})</span>
        </>
      }
      headerClassName="flex-wrap items-center gap-3"
      aside={<MemberSearch base={base} query={query} />}
    >
      {members.length === 0 ? (
        <EmptyState>{query ? `No member matches “${query}”.` : 'No members.'}</EmptyState>
      ) : (
        <MemberTable
          account={account}
          rows={members.map((member) => rowData(member, userId, actions))}
          actions={
            actions && {
              changeRole: actions.changeRole,
              remove: actions.remove,
              revokeKey: actions.revokeKey,
            }
          }
        />
      )}
      {pages > 1 && <Pager page={page} pages={pages} href={pageHref} />}
    </Panel>
  );
}

/** What the table shows of a member: the dates already formatted (the server's clock). */
function rowData(member: Member, userId: string, actions: OwnerActions | null): MemberRowData {
  return {
    userId: member.userId,
    name: member.name,
    email: member.email,
    role: member.role,
    joined: formatIsoDay(member.joinedAt),
    lastActive: formatRelative(member.lastActiveAt),
    hasKey: actions?.activeKeys.has(member.userId) ?? false,
    you: member.userId === userId,
  };
}

function MemberSearch({ base, query }: { base: string; query: string }) {
  return (
    <form method="get" action={base} role="search" className="flex gap-2">
      <label htmlFor="member-search" className="sr-only">
        Search members
      </label>
      <input
        id="member-search"
        name="q"
        type="search"
        defaultValue={query}
        placeholder="Search name or email"
        className="input w-64 py-1.5"
      />
      <button type="submit" className="btn-secondary py-1.5">
        Search
      </button>
    </form>
  );
}

function Pager({
  page,
  pages,
  href,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  return (
    <nav
      aria-label="Pages"
      className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm"
    >
      <span className="text-slate-600">
        Page {Math.min(page, pages)} of {pages}
      </span>
      <span className="flex gap-2">
        {page > 1 && (
          <Link href={href(page - 1)} className="btn-secondary py-1">
            Previous
          </Link>
        )}
        {page < pages && (
          <Link href={href(page + 1)} className="btn-secondary py-1">
            Next
          </Link>
        )}
      </span>
    </nav>
  );
}
