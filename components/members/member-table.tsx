'use client';

import { useState, useTransition } from 'react';
import { ConfirmDialog, type Confirmation } from '@/components/ui/confirm-dialog';
import { ACTIONS_COLUMN, DataTable } from '@/components/ui/table';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import type { FormState } from '@/lib/forms';

// The member table as one client component fed with plain row data. Rendering each row's
// controls as client components of their own (a role picker and one or two confirmed buttons,
// each with its dialog) put every row's props, action references and dialogs into the page:
// most of its bytes and server time at 50 rows. Rows rendered as server markup are no better
// (the markup is sent twice, as HTML and in the RSC payload). Here a row costs its data once.

type Action = (state: FormState, form: FormData) => Promise<FormState>;
type Role = keyof typeof ROLE_LABELS;
type ActionName = 'changeRole' | 'remove' | 'revokeKey';

/** One member as the table shows it (dates formatted on the server: no hydration drift). */
export interface MemberRowData {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joined: string;
  lastActive: string;
  hasKey: boolean;
  you: boolean;
}

export type MemberTableActions = Record<ActionName, Action>;

interface Ask extends Confirmation {
  action: ActionName;
  member: MemberRowData;
  role?: Role;
}

const COLUMNS = ['Name', 'Email', 'Role', 'Joined', 'Last active'];
const ROLES = Object.keys(ROLE_LABELS) as Role[];
const IDLE: FormState = { status: 'idle' };
const FAILED: FormState = { status: 'error', message: 'Something went wrong. Try again.' };

function Result({ state }: { state: FormState | 'pending' | undefined }) {
  if (state === 'pending') return <p className="text-right text-xs text-slate-500">…</p>;
  if (!state?.message || state.status === 'idle') return null;
  const error = state.status === 'error';
  return (
    <p
      role={error ? 'alert' : 'status'}
      data-testid={error ? 'row-error' : 'row-success'}
      className={`max-w-xs text-right text-xs ${error ? 'text-red-700' : 'text-emerald-800'}`}
    >
      {state.message}
    </p>
  );
}

function useRowActions(accountId: string, actions: MemberTableActions | null) {
  const [results, setResults] = useState<ReadonlyMap<string, FormState | 'pending'>>(new Map());
  const [, startTransition] = useTransition();
  const set = (key: string, state: FormState | 'pending') =>
    setResults((current) => new Map(current).set(key, state));
  const run = ({ action, member, role }: Ask) => {
    const key = `${action}:${member.userId}`;
    if (!actions || results.get(key) === 'pending') return;
    const form = new FormData();
    form.set('accountId', accountId);
    form.set('userId', member.userId);
    if (role) form.set('role', role);
    set(key, 'pending');
    startTransition(async () => {
      const state = await actions[action](IDLE, form).catch(() => FAILED);
      startTransition(() => set(key, state));
    });
  };
  return {
    result: (action: ActionName, userId: string) => results.get(`${action}:${userId}`),
    run,
  };
}

function RolePicker({ member, onAsk }: { member: MemberRowData; onAsk: (role: Role) => void }) {
  const [selected, setSelected] = useState<Role>(member.role);
  return (
    <div className="flex items-center gap-2">
      <label className="sr-only" htmlFor={`role-${member.userId}`}>
        Role of {member.name}
      </label>
      <select
        id={`role-${member.userId}`}
        value={selected}
        onChange={(event) => setSelected(event.target.value as Role)}
        className="input w-28 py-1"
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {selected !== member.role && (
        <button type="button" className="btn-secondary" onClick={() => onAsk(selected)}>
          Change role
        </button>
      )}
    </div>
  );
}

function Cell({
  children,
  className = 'text-slate-600',
}: {
  children: React.ReactNode;
  className?: string;
}) {
  return <td className={`px-5 py-3 ${className}`}>{children}</td>;
}

/** The confirmation texts of each row action (as the per-row dialogs had them). */
function askFor(action: ActionName, m: MemberRowData, accountName: string, role?: Role): Ask {
  if (action === 'changeRole') {
    const to = ROLE_LABELS[role ?? m.role];
    return {
      action,
      member: m,
      role,
      title: `Change ${m.name}’s role?`,
      body: `${m.name} becomes ${to} instead of ${ROLE_LABELS[m.role]}. It takes effect on their next request.`,
      confirmLabel: 'Change role',
      danger: false,
    };
  }
  if (action === 'revokeKey') {
    return {
      action,
      member: m,
      title: `Revoke ${m.name}’s API key?`,
      body: `The key stops working at once. ${m.name} can create a new one.`,
      confirmLabel: 'Revoke key',
      danger: true,
    };
  }
  return {
    action,
    member: m,
    title: `Remove ${m.name}?`,
    body: `${m.name} loses access to ${accountName} on their next request.`,
    confirmLabel: 'Remove member',
    danger: true,
  };
}

const STACK = 'inline-flex flex-col items-end gap-1';

function RowButton({
  label,
  state,
  onClick,
}: {
  label: string;
  state: FormState | 'pending' | undefined;
  onClick: () => void;
}) {
  return (
    <div className={STACK}>
      <button type="button" className="btn-secondary" onClick={onClick}>
        {label}
      </button>
      <Result state={state} />
    </div>
  );
}

function MemberRow({
  m,
  manage,
  result,
  ask,
}: {
  m: MemberRowData;
  manage: boolean;
  result: (action: ActionName) => FormState | 'pending' | undefined;
  ask: (action: ActionName, role?: Role) => void;
}) {
  return (
    <tr data-testid="member-row" data-email={m.email}>
      <Cell className="font-medium">
        {m.name}
        {m.you && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}
      </Cell>
      <Cell>{m.email}</Cell>
      <td className="px-5 py-3" data-testid="member-role">
        {manage ? (
          <div className={STACK}>
            {/* Keyed by the role: a changed role resets the picker to it. */}
            <RolePicker key={m.role} member={m} onAsk={(role) => ask('changeRole', role)} />
            <Result state={result('changeRole')} />
          </div>
        ) : (
          ROLE_LABELS[m.role]
        )}
      </td>
      <Cell>{m.joined}</Cell>
      <Cell>{m.lastActive}</Cell>
      {manage && (
        <Cell>
          <div className="flex items-center gap-2">
            <span data-testid="member-api-key">{m.hasKey ? 'Active' : 'None'}</span>
            {m.hasKey && (
              <RowButton
                label="Revoke key"
                state={result('revokeKey')}
                onClick={() => ask('revokeKey')}
              />
            )}
          </div>
        </Cell>
      )}
      {manage && (
        <td className="px-5 py-3">
          <div className="flex justify-end">
            <RowButton label="Remove" state={result('remove')} onClick={() => ask('remove')} />
          </div>
        </td>
      )}
    </tr>
  );
}

/** The members of one page; with `actions` (owners) each row can change role, revoke, remove. */
export function MemberTable({
  account,
  rows,
  actions,
}: {
  account: { id: string; name: string };
  rows: MemberRowData[];
  actions: MemberTableActions | null;
}) {
  const [asking, setAsking] = useState<Ask | null>(null);
  const { result, run } = useRowActions(account.id, actions);
  const manage = actions !== null;
  return (
    <>
      <DataTable columns={[...COLUMNS, manage && 'API key', manage && ACTIONS_COLUMN]} shadedHead>
        {rows.map((m) => (
          <MemberRow
            key={m.userId}
            m={m}
            manage={manage}
            result={(action) => result(action, m.userId)}
            ask={(action, role) => setAsking(askFor(action, m, account.name, role))}
          />
        ))}
      </DataTable>
      {manage && (
        <ConfirmDialog
          ask={asking}
          onClose={(confirmed) => {
            if (confirmed && asking) run(asking);
            setAsking(null);
          }}
        />
      )}
    </>
  );
}
