import { getDb } from '@/db/client';
import { InviteForm } from '@/components/invitations/invite-form';
import { PendingInvitations } from '@/components/invitations/pending-invitations';
import { MemberList } from '@/components/members/member-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireConsolePage } from '@/lib/authz/page';
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

export const metadata = { title: 'Users' };

/** The search (sanitised here too, so the box and page links show what was searched). */
function memberQuery(search: Record<string, string | string[] | undefined>) {
  const query = typeof search.q === 'string' ? sanitizeMemberSearch(search.q) : '';
  const pageParam = typeof search.page === 'string' ? Number.parseInt(search.page, 10) : 1;
  const page = Number.isFinite(pageParam) && pageParam > 0 ? Math.min(pageParam, 100_000) : 1;
  return { query, page };
}

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { accountId } = await params;
  // A personal account has one member and no Users page (DESIGN §1).
  const { account, user, can } = await requireConsolePage(accountId, 'users');
  const { query, page } = memberQuery(await searchParams);
  const db = await getDb();
  const manage = can('members.manage');
  const [{ members, total }, invitations] = await Promise.all([
    listMembers(db, account.id, { query, page }),
    manage ? listAccountInvitations(db, account.id) : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Users"
        description={
          <>
            Everyone with access to {account.name}, and their role.{' '}
            {!manage && 'Only owners can invite people or change roles.'}
          </>
        }
      />
      {manage && (
        <InviteForm
          accountId={account.id}
          action={inviteMembersAction}
          maxPerRequest={MAX_INVITES_PER_REQUEST}
        />
      )}
      {manage && (
        <PendingInvitations
          accountId={account.id}
          invitations={invitations}
          resendAction={resendInvitationAction}
          revokeAction={revokeInvitationAction}
        />
      )}
      <MemberList
        account={account}
        userId={user.id}
        members={members}
        total={total}
        query={query}
        page={page}
        pages={Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE))}
        base={`/a/${account.id}/users`}
        actions={manage ? { changeRole: changeRoleAction, remove: removeMemberAction } : null}
      />
    </div>
  );
}
