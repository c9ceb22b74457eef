import { formatDayOfMonth } from '@/lib/dates';
import { formatMoney } from '@/lib/money';

const W = 640;
const H = 160;
const PAD = { top: 10, right: 8, bottom: 22, left: 8 };

const DAY = 86_400_000;
const short = formatDayOfMonth;

/**
 * Spend per UTC day as bars (plain server-rendered SVG), `count` days from `from`. `days`
 * holds the days with usage (`YYYY-MM-DD`); the others are drawn empty.
 */
export function SpendChart({
  from,
  count,
  days,
  currency,
}: {
  from: Date;
  count: number;
  days: Array<{ day: string; amount: number }>;
  currency: string;
}) {
  const dateAt = (i: number) => new Date(from.getTime() + i * DAY);
  const byDay = new Map(days.map((d) => [d.day, d.amount]));
  const max = Math.max(1, ...days.map((d) => d.amount));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / count;
  const total = days.reduce((s, d) => s + d.amount, 0);
  const span = `${short(from)} to ${short(dateAt(count - 1))}`;
  const label =
    days.length === 0
      ? `Spend by day, ${span}: no usage.`
      : `Spend by day, ${span}: ${formatMoney(total, currency)} over ${days.length} days, at most ${formatMoney(max, currency)} in a day.`;
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
          const date = dateAt(i);
          const amount = byDay.get(date.toISOString().slice(0, 10)) ?? 0;
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
              <title>{`${short(date)}: ${formatMoney(amount, currency)}`}</title>
            </rect>
          );
        })}
        {[0, Math.floor(count / 2), count - 1].map((i) => (
          <text
            key={i}
            x={(PAD.left + (i + 0.5) * slot).toFixed(1)}
            y={H - 6}
            fontSize="11"
            fill="#64748b"
            textAnchor="middle"
          >
            {i === count - 1 ? 'Today' : short(dateAt(i))}
          </text>
        ))}
      </svg>
      <div className="pointer-events-none absolute top-0 left-2 text-xs text-slate-500 tabular-nums">
        {formatMoney(max, currency)}
      </div>
      {days.length === 0 && (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">
          No usage in these days.
        </p>
      )}
    </figure>
  );
}
