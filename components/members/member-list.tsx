import Link from 'next/link';
import { RoleChanger } from '@/components/members/role-changer';
import { ConfirmedRowAction } from '@/components/ui/row-form';
import { ACTIONS_COLUMN, DataTable, EmptyState, Panel } from '@/components/ui/table';
import { ROLE_LABELS } from '@/lib/authz/permissions';
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
        <DataTable
          columns={[...MEMBER_COLUMNS, manage && 'API key', manage && ACTIONS_COLUMN]}
          shadedHead
        >
          {members.map((member) => (
            <MemberRow
              key={member.userId}
              account={account}
              member={member}
              you={member.userId === userId}
              actions={actions}
            />
          ))}
        </DataTable>
      )}
      {pages > 1 && <Pager page={page} pages={pages} href={pageHref} />}
    </Panel>
  );
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

function MemberRow({
  account,
  member,
  you,
  actions,
}: {
  account: { id: string; name: string };
  member: Member;
  you: boolean;
  actions: OwnerActions | null;
}) {
  return (
    <tr key={member.userId} data-testid="member-row" data-email={member.email}>
      <td className="px-5 py-3 font-medium">
        {member.name}
        {you && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}
      </td>
      <td className="px-5 py-3 text-slate-600">{member.email}</td>
      <td className="px-5 py-3" data-testid="member-role">
        {actions ? (
          <RoleChanger
            action={actions.changeRole}
            accountId={account.id}
            userId={member.userId}
            name={member.name}
            role={member.role}
          />
        ) : (
          ROLE_LABELS[member.role]
        )}
      </td>
      <td className="px-5 py-3 text-slate-600">{formatIsoDay(member.joinedAt)}</td>
      <td className="px-5 py-3 text-slate-600">{formatRelative(member.lastActiveAt)}</td>
      {actions && <KeyCell account={account} member={member} actions={actions} />}
      {actions && (
        <td className="px-5 py-3">
          <div className="flex justify-end">
            <ConfirmedRowAction
              action={actions.remove}
              accountId={account.id}
              fields={{ userId: member.userId }}
              label="Remove"
              title={`Remove ${member.name}?`}
              body={`${member.name} loses access to ${account.name} on their next request.`}
              confirmLabel="Remove member"
            />
          </div>
        </td>
      )}
    </tr>
  );
}

/** The member's API key status and, when active, the owner's "Revoke key" (never the key). */
function KeyCell({
  account,
  member,
  actions,
}: {
  account: { id: string };
  member: Member;
  actions: OwnerActions;
}) {
  const active = actions.activeKeys.has(member.userId);
  return (
    <td className="px-5 py-3 text-slate-600">
      <div className="flex items-center gap-2">
        <span data-testid="member-api-key">{active ? 'Active' : 'None'}</span>
        {active && (
          <ConfirmedRowAction
            action={actions.revokeKey}
            accountId={account.id}
            fields={{ userId: member.userId }}
            label="Revoke key"
            title={`Revoke ${member.name}’s API key?`}
            body={`The key stops working at once. ${member.name} can create a new one.`}
            confirmLabel="Revoke key"
          />
        )}
      </div>
    </td>
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
