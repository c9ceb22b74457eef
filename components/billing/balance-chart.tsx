import type { BalanceSeries } from '@/lib/billing/queries';
import { formatMoney } from '@/lib/money';
import { formatDayOfMonth } from '@/lib/dates';

const W = 640;
const H = 180;
const PAD = { top: 12, right: 12, bottom: 24, left: 12 };

/** Dashed guides at the top and middle, a solid line at the bottom. */
function GridLines({ innerH }: { innerH: number }) {
  return [0, 0.5, 1].map((t) => (
    <line
      key={t}
      x1={PAD.left}
      x2={W - PAD.right}
      y1={(PAD.top + innerH * t).toFixed(1)}
      y2={(PAD.top + innerH * t).toFixed(1)}
      stroke="#e2e8f0"
      strokeDasharray={t === 1 ? undefined : '3 4'}
    />
  ));
}

/**
 * The balance over time as a step chart (the balance changes at each ledger entry), drawn
 * on the server as plain SVG: no script, no chart library.
 */
export function BalanceChart({
  series,
  balance,
  currency,
}: {
  series: BalanceSeries;
  balance: number;
  currency: string;
}) {
  const { from, to, opening, points } = series;
  const span = Math.max(1, to.getTime() - from.getTime());
  const values = [opening, balance, ...points.map((p) => p.balance)];
  const min = Math.min(0, ...values);
  const max = Math.max(1, ...values);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (at: Date) =>
    PAD.left + (Math.min(span, Math.max(0, at.getTime() - from.getTime())) / span) * innerW;
  const y = (units: number) => PAD.top + innerH - ((units - min) / (max - min)) * innerH;
  const f = (n: number) => n.toFixed(1);

  let line = `M ${f(PAD.left)} ${f(y(opening))}`;
  for (const point of points) line += ` H ${f(x(point.at))} V ${f(y(point.balance))}`;
  line += ` H ${f(PAD.left + innerW)}`;
  const baseline = y(Math.max(min, 0));
  const area = `${line} V ${f(baseline)} H ${f(PAD.left)} Z`;
  const empty = points.length === 0 && opening === 0;
  const label = empty
    ? 'Balance chart: no ledger entries yet.'
    : `Balance over the last ${Math.round(span / 86_400_000)} days, from ${formatMoney(opening, currency)} to ${formatMoney(balance, currency)}, ${points.length} changes.`;

  return (
    <figure
      data-testid="balance-chart"
      data-balance={balance}
      data-points={points.length}
      className="relative"
    >
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="h-auto w-full">
        <defs>
          <linearGradient id="balance-fill" x1="0" x2="0" y1="0" y2="1">
            <stop offset="0%" stopColor="#f0642c" stopOpacity="0.25" />
            <stop offset="100%" stopColor="#f0642c" stopOpacity="0.02" />
          </linearGradient>
        </defs>
        <GridLines innerH={innerH} />
        {min < 0 && (
          <line x1={PAD.left} x2={W - PAD.right} y1={f(y(0))} y2={f(y(0))} stroke="#94a3b8" />
        )}
        {!empty && <path d={area} fill="url(#balance-fill)" />}
        {!empty && (
          <path d={line} fill="none" stroke="#d94c17" strokeWidth="2" strokeLinejoin="round" />
        )}
        {points.map((point, i) => (
          <circle key={i} cx={f(x(point.at))} cy={f(y(point.balance))} r="2.5" fill="#d94c17" />
        ))}
        <text x={PAD.left} y={H - 6} fontSize="11" fill="#64748b">
          {formatDayOfMonth(from)}
        </text>
        <text x={W - PAD.right} y={H - 6} fontSize="11" fill="#64748b" textAnchor="end">
          Today
        </text>
      </svg>
      <div className="pointer-events-none absolute top-1 left-3 text-xs text-slate-500 tabular-nums">
        {formatMoney(max, currency)}
      </div>
      {empty && (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">
          No funds yet. Your first payment will show here.
        </p>
      )}
    </figure>
  );
}
