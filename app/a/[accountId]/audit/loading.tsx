export default function AuditLogLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-500">Loading events…</p>
      </div>
      <div className="h-20 animate-pulse rounded-lg border border-slate-200 bg-white" />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <div className="h-9 bg-slate-50" />
        <div className="divide-y divide-slate-100">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="flex animate-pulse gap-6 px-4 py-4">
              <div className="h-4 w-32 rounded bg-slate-200" />
              <div className="h-4 w-40 rounded bg-slate-200" />
              <div className="h-4 w-36 rounded bg-slate-100" />
              <div className="h-4 w-28 rounded bg-slate-100" />
              <div className="h-4 w-16 rounded bg-slate-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
