import { formatMoney } from '@/lib/money';

const W = 640;
const H = 160;
const PAD = { top: 10, right: 8, bottom: 22, left: 8 };

/**
 * Spend per day of a month as bars (plain server-rendered SVG). `days` holds the days with
 * usage (`YYYY-MM-DD`); the others are drawn empty.
 */
export function SpendChart({
  monthStart,
  days,
  currency,
}: {
  monthStart: Date;
  days: Array<{ day: string; amount: number }>;
  currency: string;
}) {
  const year = monthStart.getUTCFullYear();
  const month = monthStart.getUTCMonth();
  const count = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const byDay = new Map(days.map((d) => [Number(d.day.slice(8, 10)), d.amount]));
  const max = Math.max(1, ...days.map((d) => d.amount));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / count;
  const total = days.reduce((s, d) => s + d.amount, 0);
  const monthName = new Intl.DateTimeFormat('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(monthStart);
  const label =
    days.length === 0
      ? `Spend by day, ${monthName}: no usage yet.`
      : `Spend by day, ${monthName}: ${formatMoney(total, currency)} over ${days.length} days, at most ${formatMoney(max, currency)} in a day.`;
  return (
    <figure data-testid="spend-chart" data-days={days.length} className="relative">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="h-auto w-full">
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + innerH}
          y2={PAD.top + innerH}
          stroke="#e2e8f0"
        />
        {Array.from({ length: count }, (_, i) => {
          const amount = byDay.get(i + 1) ?? 0;
          const h = amount > 0 ? Math.max(1.5, (amount / max) * innerH) : 0;
          return (
            <rect
              key={i}
              x={(PAD.left + i * slot + slot * 0.15).toFixed(1)}
              y={(PAD.top + innerH - h).toFixed(1)}
              width={(slot * 0.7).toFixed(1)}
              height={h.toFixed(1)}
              rx="1.5"
              fill="#f0642c"
            >
              <title>{`${i + 1} ${monthName}: ${formatMoney(amount, currency)}`}</title>
            </rect>
          );
        })}
        {[1, Math.ceil(count / 2), count].map((d) => (
          <text
            key={d}
            x={(PAD.left + (d - 0.5) * slot).toFixed(1)}
            y={H - 6}
            fontSize="11"
            fill="#64748b"
            textAnchor="middle"
          >
            {d}
          </text>
        ))}
      </svg>
      <div className="pointer-events-none absolute top-0 left-2 text-xs text-slate-500 tabular-nums">
        {formatMoney(max, currency)}
      </div>
      {days.length === 0 && (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">
          No usage this month yet.
        </p>
      )}
    </figure>
  );
}
