'use client';

/** The skeleton of a resource page while its list loads. */
export function ResourceListLoading({ title }: { title: string }) {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-slate-500">Loading…</p>
      </div>
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <div className="h-9 bg-slate-50" />
        <div className="divide-y divide-slate-100">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="flex animate-pulse gap-6 px-5 py-4">
              <div className="h-4 w-32 rounded bg-slate-200" />
              <div className="h-4 w-24 rounded bg-slate-200" />
              <div className="h-4 w-20 rounded bg-slate-100" />
              <div className="h-4 w-16 rounded bg-slate-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** What a resource page shows when loading failed (error boundary): the way to try again. */
export function ResourceListError({ title, reset }: { title: string; reset: () => void }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div
        role="alert"
        data-testid="resource-error"
        className="rounded-lg border border-red-200 bg-red-50 p-5 text-sm text-red-900"
      >
        <p className="font-medium">This list could not be loaded.</p>
        <p className="mt-1">Nothing was changed. Try again in a moment.</p>
        <button type="button" className="btn-secondary mt-3" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
