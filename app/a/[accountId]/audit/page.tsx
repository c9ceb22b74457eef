import Link from 'next/link';
import { getDb } from '@/db/client';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditPager } from '@/components/audit/audit-pager';
import { AuditTable } from '@/components/audit/audit-table';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, Panel } from '@/components/ui/table';
import { requireConsolePage } from '@/lib/authz/page';
import { auditQuerySchema, describeQueryError, searchParamsToObject } from '@/lib/audit/filters';
import {
  AUDIT_EXPORT_CAP,
  listAuditActions,
  listAuditActors,
  listAuditEvents,
} from '@/lib/audit/queries';

export const metadata = { title: 'Audit log' };

type SearchParams = Record<string, string | string[] | undefined>;

/** A link to this log with the current filters and the given cursor. */
function auditHref(base: string, filters: { action?: string; actor?: string }) {
  return (extra: Record<string, string | null>) => {
    const qs = new URLSearchParams();
    if (filters.action) qs.set('action', filters.action);
    if (filters.actor) qs.set('actor', filters.actor);
    for (const [key, value] of Object.entries(extra)) if (value) qs.set(key, value);
    const s = qs.toString();
    return s ? `${base}?${s}` : base;
  };
}

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { accountId } = await params;
  const { account } = await requireConsolePage(accountId, 'audit');
  const base = `/a/${account.id}/audit`;
  const query = auditQuerySchema.safeParse(searchParamsToObject(await searchParams));
  const header = (
    <PageHeader
      title="Audit log"
      description={`Who changed what in ${account.name}: members, invitations, roles, account details and payments. Newest first; times in UTC.`}
    />
  );
  if (!query.success) {
    return (
      <div className="space-y-6">
        {header}
        <InvalidQuery base={base} message={describeQueryError(query.error)} />
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
  const href = auditHref(base, { action, actor });
  const onFirstPage = !before && !after;
  return (
    <div className="space-y-6">
      {header}
      <AuditFilters
        base={base}
        action={action}
        actor={actor}
        actions={actions}
        actors={actors}
        exportHref={`${base}/export${href({}).slice(base.length)}`}
        exportCap={AUDIT_EXPORT_CAP}
      />
      <Panel className="overflow-x-auto">
        {page.events.length === 0 ? (
          <EmptyState testId="audit-empty" padding="py-10">
            {action || actor
              ? 'No events match these filters.'
              : onFirstPage
                ? 'No events yet. Changes to members, invitations, roles and details will appear here.'
                : 'No more events.'}
          </EmptyState>
        ) : (
          <AuditTable events={page.events} accountId={account.id} />
        )}
      </Panel>
      <AuditPager
        href={href}
        onFirstPage={onFirstPage}
        prevCursor={page.prevCursor}
        nextCursor={page.nextCursor}
      />
    </div>
  );
}

function InvalidQuery({ base, message }: { base: string; message: string }) {
  return (
    <div
      role="alert"
      data-testid="audit-error"
      className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-900"
    >
      <p className="font-medium">This audit log link is not valid.</p>
      <p className="mt-1">{message}</p>
      <Link href={base} className="btn-secondary mt-3">
        Show the whole log
      </Link>
    </div>
  );
}
