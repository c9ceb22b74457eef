'use client';

// Any page whose server work failed (most often: the database went away while it rendered;
// once that is known the proxy answers 503 before any page runs). Never the error's text or
// stack: production builds pass only an opaque digest, and this says what to do instead.
export default function PageError({ reset }: { reset: () => void }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">Temporarily unavailable</h1>
      <p role="alert" className="max-w-md text-slate-600">
        This page could not be loaded right now. Nothing was changed. Try again in a few seconds.
      </p>
      <button type="button" className="btn-secondary mt-2" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
