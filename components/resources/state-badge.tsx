import type { InstanceState } from '@/db/schema';

const STYLES: Record<InstanceState, string> = {
  running: 'bg-emerald-50 text-emerald-800',
  stopped: 'bg-slate-100 text-slate-700',
  starting: 'bg-sky-50 text-sky-800',
  stopping: 'bg-amber-50 text-amber-800',
  rebooting: 'bg-sky-50 text-sky-800',
  destroying: 'bg-red-50 text-red-800',
  deleted: 'bg-slate-100 text-slate-500',
};

const TRANSITIONAL = new Set<InstanceState>(['starting', 'stopping', 'rebooting', 'destroying']);

export function InstanceStateBadge({ state }: { state: InstanceState }) {
  const moving = TRANSITIONAL.has(state);
  return (
    <span
      data-testid="instance-state"
      data-state={state}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ${STYLES[state]}`}
    >
      <span
        aria-hidden="true"
        className={`h-1.5 w-1.5 rounded-full bg-current ${moving ? 'animate-pulse' : ''}`}
      />
      {state}
      {moving && '…'}
    </span>
  );
}
