import { ConfirmedRowAction } from '@/components/members/row-action';
import { ACTIONS_COLUMN, DataTable, EmptyState, type Column } from '@/components/ui/table';
import { formatDayAndTime } from '@/lib/dates';
import type { FormState } from '@/lib/forms';

export interface SessionRow {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

const COLUMNS: Column[] = ['Device', 'IP address', 'Signed in', 'Last seen', ACTIONS_COLUMN];

/** The user's active sessions, each with its own confirmed "Sign out". */
export function SessionList({
  accountId,
  sessions,
  signOutSession,
}: {
  accountId: string;
  sessions: SessionRow[];
  signOutSession: (state: FormState, form: FormData) => Promise<FormState>;
}) {
  if (sessions.length === 0) {
    return <EmptyState testId="no-sessions">No active sessions.</EmptyState>;
  }
  return (
    <DataTable columns={COLUMNS} scroll testId="sessions-table">
      {sessions.map((session) => (
        <tr key={session.id} data-testid="session-row" data-current={session.current}>
          <td className="px-5 py-3">
            <span className="font-medium text-slate-900">{session.device}</span>
            {session.current && (
              <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">
                This browser
              </span>
            )}
          </td>
          <td className="px-5 py-3 font-mono text-xs whitespace-nowrap text-slate-600">
            {session.ip ?? '—'}
          </td>
          <td className="px-5 py-3 whitespace-nowrap text-slate-600">
            {`${formatDayAndTime(session.createdAt)} UTC`}
          </td>
          <td className="px-5 py-3 whitespace-nowrap text-slate-600">
            {`${formatDayAndTime(session.lastSeenAt)} UTC`}
          </td>
          <td className="px-5 py-3 text-right">
            <ConfirmedRowAction
              action={signOutSession}
              accountId={accountId}
              fields={{ sessionId: session.id }}
              label="Sign out"
              title={session.current ? 'Sign out this browser?' : 'Sign out this session?'}
              body={
                session.current
                  ? 'This is the browser you are using: you will need to sign in again.'
                  : `${session.device} (${session.ip ?? 'unknown address'}) is signed out at its next request.`
              }
              confirmLabel="Sign out"
            />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
