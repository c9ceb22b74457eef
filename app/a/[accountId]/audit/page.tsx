import Link from 'next/link';
import { getDb } from '@/db/client';
import type { MemberRole } from '@/db/schema';
import { DataTable, EmptyState, Panel } from '@/components/table';
import { ROLE_LABELS } from '@/lib/authz/permissions';
import { requirePageAccess } from '@/lib/authz/page';
import { auditQuerySchema, describeQueryError, searchParamsToObject } from '@/lib/audit/filters';
import { actionLabel, roleChange } from '@/lib/audit/labels';
import {
  AUDIT_EXPORT_CAP,
  listAuditActions,
  listAuditActors,
  listAuditEvents,
  type AuditEventRow,
} from '@/lib/audit/queries';
import { formatIsoTimestamp } from '@/lib/dates';

export const metadata = { title: 'Audit log' };

const AUDIT_COLUMNS = ['Time (UTC)', 'Actor', 'Action', 'Target', 'Role', 'IP'];

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { accountId } = await params;
  const { account } = await requirePageAccess(accountId, 'audit.view');
  const base = `/a/${account.id}/audit`;
  const query = auditQuerySchema.safeParse(searchParamsToObject(await searchParams));

  const header = (
    <div>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600">
        Who changed what in {account.name}: members, invitations, roles, account details and
        payments. Newest first; times in UTC.
      </p>
    </div>
  );

  if (!query.success) {
    return (
      <div className="space-y-6">
        {header}
        <div
          role="alert"
          data-testid="audit-error"
          className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-900"
        >
          <p className="font-medium">This audit log link is not valid.</p>
          <p className="mt-1">{describeQueryError(query.error)}</p>
          <Link href={base} className="btn-secondary mt-3">
            Show the whole log
          </Link>
        </div>
      </div>
    );
  }

  const { action, actor, before, after } = query.data;
  const db = await getDb();
  const [page, actions, actors] = await Promise.all([
    listAuditEvents(db, account.id, { action, actorUserId: actor, before, after }),
    listAuditActions(db, account.id),
    listAuditActors(db, account.id),
  ]);
  const filtered = Boolean(action || actor);
  const href = (extra: Record<string, string | null>) => {
    const qs = new URLSearchParams();
    if (action) qs.set('action', action);
    if (actor) qs.set('actor', actor);
    for (const [key, value] of Object.entries(extra)) if (value) qs.set(key, value);
    const s = qs.toString();
    return s ? `${base}?${s}` : base;
  };
  const exportHref = `${base}/export${href({}).slice(base.length)}`;
  const onFirstPage = !before && !after;

  return (
    <div className="space-y-6">
      {header}

      <section className="flex flex-wrap items-end justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <form method="get" action={base} className="flex flex-wrap items-end gap-3">
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Action</span>
            <select name="action" defaultValue={action ?? ''} className="input w-56">
              <option value="">All actions</option>
              {withSelected(actions, action).map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Actor</span>
            <select name="actor" defaultValue={actor ?? ''} className="input w-64">
              <option value="">Everyone</option>
              {actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.email})
                </option>
              ))}
              {actor && !actors.some((a) => a.id === actor) && (
                <option value={actor}>Selected user</option>
              )}
            </select>
          </label>
          <button type="submit" className="btn-secondary">
            Apply
          </button>
          {filtered && (
            <Link href={base} className="link py-2 text-sm">
              Clear filters
            </Link>
          )}
        </form>
        <div className="ml-auto text-right">
          <a href={exportHref} className="btn-secondary" data-testid="audit-export">
            Export CSV
          </a>
          <p className="mt-1 text-xs text-slate-500">
            {filtered ? 'The filtered events' : 'All events'}, newest{' '}
            {AUDIT_EXPORT_CAP.toLocaleString('en')} at most.
          </p>
        </div>
      </section>

      <Panel className="overflow-x-auto">
        {page.events.length === 0 ? (
          <EmptyState testId="audit-empty" padding="py-10">
            {filtered
              ? 'No events match these filters.'
              : onFirstPage
                ? 'No events yet. Changes to members, invitations, roles and details will appear here.'
                : 'No more events.'}
          </EmptyState>
        ) : (
          <DataTable columns={AUDIT_COLUMNS} cellX="px-4" shadedHead bodyClassName="align-top">
            {page.events.map((event) => (
              <AuditRow key={event.id} event={event} accountId={account.id} />
            ))}
          </DataTable>
        )}
      </Panel>

      <nav aria-label="Audit log pages" className="flex items-center justify-end gap-2">
        {!onFirstPage && (
          <Link href={href({})} className="btn-secondary">
            First page
          </Link>
        )}
        {page.prevCursor && (
          <Link href={href({ after: page.prevCursor })} className="btn-secondary" rel="prev">
            ← Newer
          </Link>
        )}
        {page.nextCursor && (
          <Link href={href({ before: page.nextCursor })} className="btn-secondary" rel="next">
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}

function withSelected(values: string[], selected: string | undefined): string[] {
  return selected && !values.includes(selected) ? [...values, selected] : values;
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
        {before && after ? (
          <span>
            {roleLabel(before)} <span aria-label="to">→</span> {roleLabel(after)}
          </span>
        ) : before ? (
          <span>
            {roleLabel(before)} <span className="text-slate-500">(was)</span>
          </span>
        ) : after ? (
          roleLabel(after)
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </td>
      <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-600">
        {event.ip ?? '—'}
      </td>
    </tr>
  );
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

/** A one-line summary of what the metadata says (changed fields, new name). */
function eventDetail(event: AuditEventRow): string | null {
  const m = event.metadata;
  if (event.action === 'account.details_updated' && m.changes && typeof m.changes === 'object') {
    const fields = Object.keys(m.changes);
    return fields.length ? `Changed: ${fields.map(humanize).join(', ')}` : 'No change';
  }
  if (event.action === 'organization.created' && typeof m.name === 'string') return m.name;
  return null;
}

/** The account details form's own labels, for "Changed: …". */
const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  billingName: 'company or legal name',
  billingAddressLine1: 'address',
  billingAddressLine2: 'address line 2',
  billingPostalCode: 'postal code',
  billingCity: 'city',
  billingCountry: 'country',
  billingVatNumber: 'VAT number',
  billingEmail: 'billing email',
};

function humanize(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
}
