import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requirePageAccess } from '@/lib/authz/page';
import { listMembers } from '@/lib/members';

export const metadata = { title: 'Users' };

export default async function UsersPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { account, user } = await requirePageAccess(accountId, 'members.view');
  // A personal account has one member and no Users page (DESIGN §1).
  if (account.kind !== 'organization') notFound();
  const members = await listMembers(await getDb(), account.id);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Everyone with access to {account.name}, and their role.
        </p>
      </div>
      <section className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase">
            <tr>
              <th className="px-5 py-2 font-semibold">Name</th>
              <th className="px-5 py-2 font-semibold">Email</th>
              <th className="px-5 py-2 font-semibold">Role</th>
              <th className="px-5 py-2 font-semibold">Joined</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId} data-testid="member-row">
                <td className="px-5 py-3 font-medium">
                  {member.name}
                  {member.userId === user.id && (
                    <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>
                  )}
                </td>
                <td className="px-5 py-3 text-slate-600">{member.email}</td>
                <td className="px-5 py-3">{ROLE_LABELS[member.role]}</td>
                <td className="px-5 py-3 text-slate-600">
                  {member.joinedAt.toISOString().slice(0, 10)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
