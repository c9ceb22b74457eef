export function StatusBadge({ status }: { status: 'active' | 'suspended' }) {
  const active = status === 'active';
  return (
    <span
      data-testid="account-status"
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold tracking-wide uppercase ${
        active ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-800'
      }`}
    >
      <span
        aria-hidden="true"
        className={`h-1.5 w-1.5 rounded-full ${active ? 'bg-emerald-500' : 'bg-amber-500'}`}
      />
      {active ? 'Active' : 'Suspended'}
    </span>
  );
}
