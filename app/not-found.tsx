import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-md text-slate-600">
        This page does not exist, or you do not have access to it.
      </p>
      <Link href="/" className="btn-secondary mt-2">
        Go to your console
      </Link>
    </main>
  );
}
