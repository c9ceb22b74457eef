import Link from 'next/link';
import { actionLabel } from '@/lib/audit/labels';
import type { AuditActor } from '@/lib/audit/queries';

/** The action and actor filters (a GET form: the filters live in the URL) and the export link. */
export function AuditFilters({
  base,
  action,
  actor,
  actions,
  actors,
  exportHref,
  exportCap,
}: {
  base: string;
  action?: string;
  actor?: string;
  actions: string[];
  actors: AuditActor[];
  exportHref: string;
  exportCap: number;
}) {
  const filtered = Boolean(action || actor);
  const actionChoices = action && !actions.includes(action) ? [...actions, action] : actions;
  return (
    <section className="flex flex-wrap items-end justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
      <form method="get" action={base} className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Action</span>
          <select name="action" defaultValue={action ?? ''} className="input w-56">
            <option value="">All actions</option>
            {actionChoices.map((a) => (
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
          {filtered ? 'The filtered events' : 'All events'}, newest {exportCap.toLocaleString('en')}{' '}
          at most.
        </p>
      </div>
    </section>
  );
}
