import type { MonthSpend } from '@/lib/billing/usage';
import { formatMoney } from '@/lib/money';
import { formatHourly } from '@/lib/resources/format';
import { SpendChart } from './spend-chart';

/** The Overview's spend: this month so far, the forecast to its end, and spend by day. */
export function SpendPanel({
  spend,
  recent,
  chartFrom,
  chartDays,
  currency,
}: {
  spend: MonthSpend;
  recent: Array<{ day: string; amount: number }>;
  chartFrom: Date;
  chartDays: number;
  currency: string;
}) {
  return (
    <section
      aria-labelledby="spend-title"
      className="rounded-lg border border-slate-200 bg-white p-4"
      data-testid="spend-panel"
    >
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="spend-title" className="font-medium">
          Spend this month
        </h2>
        <span className="text-xs text-slate-500">
          UTC days · resources now cost {formatHourly(spend.burn, currency)}
        </span>
      </div>
      <dl className="mb-4 grid gap-4 sm:grid-cols-2">
        <div>
          <dt className="text-sm text-slate-500">So far</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="spend-month">
            {formatMoney(spend.spent, currency)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-500">Forecast to month end</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="spend-forecast">
            {formatMoney(spend.forecast, currency)}
          </dd>
        </div>
      </dl>
      <h3 className="mb-1 text-sm text-slate-500">Spend by day, last {chartDays} days</h3>
      <SpendChart from={chartFrom} count={chartDays} days={recent} currency={currency} />
    </section>
  );
}
