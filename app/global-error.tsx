'use client';

// The last resort when even the root layout failed: a complete document, no stack trace.
export default function GlobalError({ reset }: { reset: () => void }) {
  return (
    <html lang="en">
      <body
        style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '4rem 1rem' }}
      >
        <h1>Temporarily unavailable</h1>
        <p role="alert">
          Alpenglow could not load this page right now. Nothing was changed. Try again in a few
          seconds.
        </p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
