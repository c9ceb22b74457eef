import Link from 'next/link';
import { MemberRow, type Member } from '@/components/members/member-row';
import { RowActionsIsland } from '@/components/members/row-actions-island';
import { ACTIONS_COLUMN, DataTable, EmptyState, Panel } from '@/components/ui/table';
import type { FormState } from '@/lib/forms';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** What an owner can do on each row; `activeKeys` are the members with an active API key. */
interface OwnerActions {
  changeRole: Action;
  remove: Action;
  revokeKey: Action;
  activeKeys: ReadonlySet<string>;
}

const MEMBER_COLUMNS = ['Name', 'Email', 'Role', 'Joined', 'Last active'];

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
  const manage = actions !== null;
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
        <RowTable manage={manage} actions={actions}>
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              account={account}
              member={member}
              you={member.userId === userId}
              manage={manage}
              hasKey={actions?.activeKeys.has(member.userId) ?? false}
            />
          ))}
        </RowTable>
      )}
      {pages > 1 && <Pager page={page} pages={pages} href={pageHref} />}
    </Panel>
  );
}

/** The member table; for owners wrapped in the one client island that drives its row forms. */
function RowTable({
  manage,
  actions,
  children,
}: {
  manage: boolean;
  actions: OwnerActions | null;
  children: React.ReactNode;
}) {
  const table = (
    <DataTable
      columns={[...MEMBER_COLUMNS, manage && 'API key', manage && ACTIONS_COLUMN]}
      shadedHead
    >
      {children}
    </DataTable>
  );
  if (!actions) return table;
  const { changeRole, remove, revokeKey } = actions;
  return <RowActionsIsland actions={{ changeRole, remove, revokeKey }}>{table}</RowActionsIsland>;
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
