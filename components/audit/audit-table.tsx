import type { MemberRole } from '@/db/schema';
import { DataTable } from '@/components/ui/table';
import { actionLabel, eventDetail, roleChange } from '@/lib/audit/labels';
import type { AuditEventRow } from '@/lib/audit/queries';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { formatIsoTimestamp } from '@/lib/dates';

const AUDIT_COLUMNS = ['Time (UTC)', 'Actor', 'Action', 'Target', 'Role', 'IP'];

/** One page of audit events, newest first. */
export function AuditTable({ events, accountId }: { events: AuditEventRow[]; accountId: string }) {
  return (
    <DataTable columns={AUDIT_COLUMNS} cellX="px-4" shadedHead bodyClassName="align-top">
      {events.map((event) => (
        <AuditRow key={event.id} event={event} accountId={accountId} />
      ))}
    </DataTable>
  );
}

function AuditRow({ event, accountId }: { event: AuditEventRow; accountId: string }) {
  const { before, after } = roleChange(event);
  const time = formatIsoTimestamp(event.createdAt);
  const detail = eventDetail(event);
  return (
    <tr data-testid="audit-row" data-action={event.action}>
      <td className="px-4 py-3 whitespace-nowrap text-slate-600 tabular-nums">
        <time dateTime={event.createdAt}>{time}</time>
      </td>
      <td className="px-4 py-3">
        {event.actorName ? (
          <>
            <div className="font-medium">{event.actorName}</div>
            <div className="text-xs text-slate-500">{event.actorEmail}</div>
          </>
        ) : (
          <span className="text-slate-500">{event.actorUserId ? 'Deleted user' : 'System'}</span>
        )}
      </td>
      <td className="px-4 py-3">
        <div>{actionLabel(event.action)}</div>
        <div className="font-mono text-xs text-slate-500">{event.action}</div>
        {detail && <div className="mt-0.5 text-xs text-slate-600">{detail}</div>}
      </td>
      <td className="px-4 py-3">
        <Target event={event} accountId={accountId} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        <RoleCell before={before} after={after} />
      </td>
      <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-600">
        {event.ip ?? '—'}
      </td>
    </tr>
  );
}

function RoleCell({ before, after }: { before: string | null; after: string | null }) {
  if (before && after) {
    return (
      <span>
        {roleLabel(before)} <span aria-label="to">→</span> {roleLabel(after)}
      </span>
    );
  }
  if (before) {
    return (
      <span>
        {roleLabel(before)} <span className="text-slate-500">(was)</span>
      </span>
    );
  }
  if (after) return roleLabel(after);
  return <span className="text-slate-400">—</span>;
}

function roleLabel(role: string): string {
  return ROLE_LABELS[role as MemberRole] ?? role;
}

function Target({ event, accountId }: { event: AuditEventRow; accountId: string }) {
  const m = event.metadata;
  if (event.targetType === 'user') {
    if (event.targetName)
      return (
        <>
          <div>{event.targetName}</div>
          <div className="text-xs text-slate-500">{event.targetEmail}</div>
        </>
      );
    return <span className="text-slate-500">Deleted user</span>;
  }
  if (event.targetType === 'invitation') {
    return (
      <>
        <div>Invitation</div>
        {typeof m.email === 'string' && <div className="text-xs text-slate-500">{m.email}</div>}
      </>
    );
  }
  if (event.targetType === 'account') {
    return <span>{event.targetId === accountId ? 'This account' : 'Account'}</span>;
  }
  if (!event.targetType) return <span className="text-slate-400">—</span>;
  return (
    <>
      <div className="capitalize">{event.targetType}</div>
      {event.targetId && (
        <div className="font-mono text-xs break-all text-slate-500">{event.targetId}</div>
      )}
    </>
  );
}
