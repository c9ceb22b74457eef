import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { ActionForm } from '@/components/action-form';
import { ConfirmedRowAction, RoleChanger } from '@/components/members/row-action';
import { ACTIONS_COLUMN, DataTable, EmptyState, Panel } from '@/components/table';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requirePageAccess } from '@/lib/authz/page';
import { MAX_INVITES_PER_REQUEST } from '@/lib/invitations/issue';
import { listAccountInvitations } from '@/lib/invitations/queries';
import { listMembers, MEMBERS_PAGE_SIZE, sanitizeMemberSearch } from '@/lib/members/members';
import {
  changeRoleAction,
  inviteMembersAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from '../actions';
import { formatIsoDay, formatRelative } from '@/lib/dates';

export const metadata = { title: 'Users' };

const INVITATION_COLUMNS = ['Email', 'Role', 'Invited by', 'Expires'];
const MEMBER_COLUMNS = ['Name', 'Email', 'Role', 'Joined', 'Last active'];

function hasPassed(date: Date): boolean {
  return date.getTime() <= Date.now();
}

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  const search = await searchParams;
  const { account, user, can } = await requirePageAccess(accountId, 'members.view');
  // A personal account has one member and no Users page (DESIGN §1).
  if (account.kind !== 'organization') notFound();
  // Sanitised here too, so the search box and page links show what was searched for.
  const query = typeof search.q === 'string' ? sanitizeMemberSearch(search.q) : '';
  const pageParam = typeof search.page === 'string' ? Number.parseInt(search.page, 10) : 1;
  const page = Number.isFinite(pageParam) && pageParam > 0 ? Math.min(pageParam, 100_000) : 1;

  const db = await getDb();
  const manage = can('members.manage');
  const [{ members, total }, invitations] = await Promise.all([
    listMembers(db, account.id, { query, page }),
    manage ? listAccountInvitations(db, account.id) : Promise.resolve([]),
  ]);
  const pages = Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE));
  const base = `/a/${account.id}/users`;
  const pageHref = (n: number) =>
    `${base}?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(n) })}`;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Everyone with access to {account.name}, and their role.{' '}
          {!manage && 'Only owners can invite people or change roles.'}
        </p>
      </div>

      {manage && (
        <section
          aria-labelledby="invite"
          className="max-w-xl rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="invite" className="mb-3 font-medium">
            Invite people
          </h2>
          <ActionForm
            action={inviteMembersAction}
            submitLabel="Send invitations"
            pendingLabel="Sending…"
            resetOnSuccess
            fields={[
              { name: 'accountId', label: '', type: 'hidden', defaultValue: account.id },
              {
                name: 'emails',
                label: 'Email addresses',
                type: 'textarea',
                hint: `Up to ${MAX_INVITES_PER_REQUEST}, separated by commas or new lines.`,
              },
              {
                name: 'role',
                label: 'Role',
                type: 'select',
                defaultValue: 'tech',
                options: [
                  ['owner', 'Owner — everything, including members'],
                  ['tech', 'Tech — resources, no billing'],
                  ['admin', 'Admin — billing and details, no resources'],
                ],
              },
            ]}
          />
        </section>
      )}

      {manage && (
        <Panel titleId="pending" title="Pending invitations" className="overflow-hidden">
          {invitations.length === 0 ? (
            <EmptyState padding="py-6">No pending invitations.</EmptyState>
          ) : (
            <DataTable columns={[...INVITATION_COLUMNS, ACTIONS_COLUMN]} shadedHead>
              {invitations.map((invitation) => {
                const expired = hasPassed(invitation.expiresAt);
                return (
                  <tr
                    key={invitation.id}
                    data-testid="invitation-row"
                    data-email={invitation.email}
                  >
                    <td className="px-5 py-3 font-medium">{invitation.email}</td>
                    <td className="px-5 py-3">{ROLE_LABELS[invitation.role]}</td>
                    <td className="px-5 py-3 text-slate-600">{invitation.inviterName ?? '—'}</td>
                    <td className={`px-5 py-3 ${expired ? 'text-red-700' : 'text-slate-600'}`}>
                      {expired ? 'Expired' : formatIsoDay(invitation.expiresAt)}
                    </td>
                    <td className="px-5 py-3">
                      <div className="flex items-start justify-end gap-2">
                        <ConfirmedRowAction
                          action={resendInvitationAction}
                          accountId={account.id}
                          fields={{ invitationId: invitation.id }}
                          label="Resend"
                          title={`Resend the invitation to ${invitation.email}?`}
                          body="A new link is emailed and the previous link stops working."
                          confirmLabel="Resend"
                          danger={false}
                        />
                        <ConfirmedRowAction
                          action={revokeInvitationAction}
                          accountId={account.id}
                          fields={{ invitationId: invitation.id }}
                          label="Revoke"
                          title={`Revoke the invitation to ${invitation.email}?`}
                          body="The link stops working at once."
                          confirmLabel="Revoke invitation"
                        />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </Panel>
      )}

      <Panel
        titleId="members"
        title={
          <>
            Members <span className="font-normal text-slate-500">({total})</span>
          </>
        }
        headerClassName="flex-wrap items-center gap-3"
        aside={
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
        }
      >
        {members.length === 0 ? (
          <EmptyState>{query ? `No member matches “${query}”.` : 'No members.'}</EmptyState>
        ) : (
          <DataTable columns={[...MEMBER_COLUMNS, manage && ACTIONS_COLUMN]} shadedHead>
            {members.map((member) => (
              <tr key={member.userId} data-testid="member-row" data-email={member.email}>
                <td className="px-5 py-3 font-medium">
                  {member.name}
                  {member.userId === user.id && (
                    <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>
                  )}
                </td>
                <td className="px-5 py-3 text-slate-600">{member.email}</td>
                <td className="px-5 py-3" data-testid="member-role">
                  {manage ? (
                    <RoleChanger
                      action={changeRoleAction}
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
                {manage && (
                  <td className="px-5 py-3">
                    <div className="flex justify-end">
                      <ConfirmedRowAction
                        action={removeMemberAction}
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
            ))}
          </DataTable>
        )}
        {pages > 1 && (
          <nav
            aria-label="Pages"
            className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm"
          >
            <span className="text-slate-600">
              Page {Math.min(page, pages)} of {pages}
            </span>
            <span className="flex gap-2">
              {page > 1 && (
                <Link href={pageHref(page - 1)} className="btn-secondary py-1">
                  Previous
                </Link>
              )}
              {page < pages && (
                <Link href={pageHref(page + 1)} className="btn-secondary py-1">
                  Next
                </Link>
              )}
            </span>
          </nav>
        )}
      </Panel>
    </div>
  );
}
