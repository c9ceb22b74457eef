import { ROLE_LABELS } from '@/lib/authz/permissions';
import { formatIsoDay, formatRelative } from '@/lib/dates';
import type { listMembers } from '@/lib/members/members';

// A member row as plain server markup: its forms are driven by the table's one client island
// (row-actions-island.tsx), which reads the `data-row-*` and `data-confirm-*` attributes.

export type Member = Awaited<ReturnType<typeof listMembers>>['members'][number];

/** The row-action names the island maps to server actions. */
export const ROW_ACTIONS = {
  changeRole: 'changeRole',
  remove: 'remove',
  revokeKey: 'revokeKey',
} as const;

const ROLE_OPTIONS = ['owner', 'tech', 'admin'] as const;

function RowForm({
  action,
  accountId,
  userId,
  children,
}: {
  action: keyof typeof ROW_ACTIONS;
  accountId: string;
  userId: string;
  children: React.ReactNode;
}) {
  return (
    <form
      data-row-action={action}
      data-row-key={`${action}:${userId}`}
      className="inline-flex flex-col items-end gap-1"
    >
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="userId" value={userId} />
      {children}
      <div data-row-result />
    </form>
  );
}

/**
 * A button that asks the island's dialog before its form is sent; `{choice}` in the body stands
 * for the option picked in the form's select.
 */
function ConfirmTrigger({
  label,
  title,
  body,
  confirmLabel,
  danger = true,
  onlyWhenChanged = false,
}: {
  label: string;
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  onlyWhenChanged?: boolean;
}) {
  return (
    <button
      type="button"
      className="btn-secondary"
      data-confirm-title={title}
      data-confirm-body={body}
      data-confirm-label={confirmLabel}
      data-confirm-danger={String(danger)}
      data-when-changed={onlyWhenChanged || undefined}
    >
      {label}
    </button>
  );
}

/** The role picker: "Change role" shows once another role is picked (CSS, globals.css). */
function RoleCell({ accountId, member }: { accountId: string; member: Member }) {
  const label = (role: string) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role;
  const current = label(member.role);
  return (
    <RowForm action="changeRole" accountId={accountId} userId={member.userId}>
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor={`role-${member.userId}`}>
          Role of {member.name}
        </label>
        <select
          id={`role-${member.userId}`}
          name="role"
          defaultValue={member.role}
          className="input w-28 py-1"
        >
          {ROLE_OPTIONS.map((role) => (
            <option key={role} value={role} data-current={role === member.role || undefined}>
              {label(role)}
            </option>
          ))}
        </select>
        <ConfirmTrigger
          label="Change role"
          title={`Change ${member.name}’s role?`}
          body={`${member.name} becomes {choice} instead of ${current}. It takes effect on their next request.`}
          confirmLabel="Change role"
          danger={false}
          onlyWhenChanged
        />
      </div>
    </RowForm>
  );
}

/** One member; with `manage` (owners) the role picker, API key status and removal. */
export function MemberRow({
  account,
  member,
  you,
  manage,
  hasKey,
}: {
  account: { id: string; name: string };
  member: Member;
  you: boolean;
  manage: boolean;
  hasKey: boolean;
}) {
  return (
    <tr data-testid="member-row" data-email={member.email}>
      <td className="px-5 py-3 font-medium">
        {member.name}
        {you && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}
      </td>
      <td className="px-5 py-3 text-slate-600">{member.email}</td>
      <td className="px-5 py-3" data-testid="member-role">
        {manage ? <RoleCell accountId={account.id} member={member} /> : ROLE_LABELS[member.role]}
      </td>
      <td className="px-5 py-3 text-slate-600">{formatIsoDay(member.joinedAt)}</td>
      <td className="px-5 py-3 text-slate-600">{formatRelative(member.lastActiveAt)}</td>
      {manage && (
        <td className="px-5 py-3 text-slate-600">
          <div className="flex items-center gap-2">
            <span data-testid="member-api-key">{hasKey ? 'Active' : 'None'}</span>
            {hasKey && (
              <RowForm action="revokeKey" accountId={account.id} userId={member.userId}>
                <ConfirmTrigger
                  label="Revoke key"
                  title={`Revoke ${member.name}’s API key?`}
                  body={`The key stops working at once. ${member.name} can create a new one.`}
                  confirmLabel="Revoke key"
                />
              </RowForm>
            )}
          </div>
        </td>
      )}
      {manage && (
        <td className="px-5 py-3">
          <div className="flex justify-end">
            <RowForm action="remove" accountId={account.id} userId={member.userId}>
              <ConfirmTrigger
                label="Remove"
                title={`Remove ${member.name}?`}
                body={`${member.name} loses access to ${account.name} on their next request.`}
                confirmLabel="Remove member"
              />
            </RowForm>
          </div>
        </td>
      )}
    </tr>
  );
}
