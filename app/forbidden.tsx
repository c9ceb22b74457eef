import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="text-2xl font-semibold">Not allowed with your role</h1>
      <p className="max-w-md text-slate-600">
        Your role in this account does not include this page. An owner can change your role.
      </p>
      <Link href="/" className="btn-secondary mt-2">
        Go to your console
      </Link>
    </main>
  );
}
