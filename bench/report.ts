// From the measured rounds to one line per case: medians over rounds, each case's ratio to its
// baseline measured in the same round, and a scaled case's slowdown against its small twin.
import type { BenchCase } from './cases';
import type { LoadResult } from './run';

export interface Measurement {
  name: string;
  round: number;
  baseline: 'page' | 'route';
  isBaseline: boolean;
  result: LoadResult;
  rssMb?: number;
}

export interface CaseReport {
  name: string;
  baseline: 'page' | 'route' | null;
  rps: number;
  rpsRange: [number, number];
  p50Ms: number;
  p99Ms: number;
  errors: number;
  bytesPerResponse: number;
  /** Requests/s relative to the bare page (pages) or bare route (API), same round. */
  ratio: number | null;
  ratioRange: [number, number] | null;
  /** How many times slower than the same request on the small data (scaled cases). */
  vsSmall: number | null;
  rssMbAfter: number | null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function baselineName(kind: 'page' | 'route'): string {
  return kind === 'page' ? 'bare page (10-row table)' : 'bare route handler';
}

export function summarise(measurements: Measurement[], cases: BenchCase[]): CaseReport[] {
  const names = [...new Set(measurements.map((m) => m.name))];
  const reports = names.map((name): CaseReport => {
    const runs = measurements.filter((m) => m.name === name);
    const first = runs[0]!;
    const ratios = first.isBaseline
      ? []
      : runs.map((m) => {
          const base = measurements.find(
            (b) => b.isBaseline && b.round === m.round && b.name === baselineName(m.baseline),
          );
          return base ? m.result.rps / base.result.rps : NaN;
        });
    const rps = runs.map((m) => m.result.rps);
    return {
      name,
      baseline: first.isBaseline ? null : first.baseline,
      rps: Math.round(median(rps)),
      rpsRange: [Math.round(Math.min(...rps)), Math.round(Math.max(...rps))],
      p50Ms: median(runs.map((m) => m.result.p50)),
      p99Ms: median(runs.map((m) => m.result.p99)),
      errors: runs.reduce((n, m) => n + m.result.errors + m.result.timeouts + m.result.non2xx, 0),
      bytesPerResponse: Math.round(median(runs.map((m) => m.result.bytesPerResponse))),
      ratio: ratios.length ? round2(median(ratios)) : null,
      ratioRange: ratios.length ? [round2(Math.min(...ratios)), round2(Math.max(...ratios))] : null,
      vsSmall: null,
      rssMbAfter: runs.at(-1)?.rssMb ?? null,
    };
  });
  for (const report of reports) {
    const small = cases.find((c) => c.name === report.name)?.small;
    const twin = small ? reports.find((r) => r.name === small) : undefined;
    if (twin) report.vsSmall = round2(twin.rps / report.rps);
  }
  return reports;
}

/**
 * The targets for one case: pages ≥ 0.5× the bare page, API routes ≥ 0.6× the bare
 * route with p99 ≤ 25 ms, a scaled case within 1.3× of its small twin, and no errors.
 */
export function meetsTargets(r: CaseReport): boolean | null {
  if (r.ratio === null) return null;
  const ratioOk = r.baseline === 'route' ? r.ratio >= 0.6 && r.p99Ms <= 25 : r.ratio >= 0.5;
  return ratioOk && (r.vsSmall === null || r.vsSmall <= 1.3) && r.errors === 0;
}

const targetsText = (met: boolean | null) => (met === null ? '' : met ? 'met' : 'missed');

export function printTable(
  reports: CaseReport[],
  memory: { rssBefore: { rssMb: number }; rssAfter: { rssMb: number; peakMb: number } },
): void {
  const header = [
    'request',
    'req/s',
    'range',
    'p50 ms',
    'p99 ms',
    'err',
    'KB/resp',
    '× bare',
    'vs small',
    'targets',
  ];
  const rows = reports.map((r) => [
    r.name,
    String(r.rps),
    `${r.rpsRange[0]}–${r.rpsRange[1]}`,
    String(r.p50Ms),
    String(r.p99Ms),
    String(r.errors),
    (r.bytesPerResponse / 1024).toFixed(1),
    r.ratio === null ? '' : `${r.ratio.toFixed(2)} (${r.baseline})`,
    r.vsSmall === null ? '' : `${r.vsSmall.toFixed(2)}×`,
    targetsText(meetsTargets(r)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}`);
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(
    `\nserver RSS: ${memory.rssBefore.rssMb} MB before the load, ${memory.rssAfter.rssMb} MB after (peak ${memory.rssAfter.peakMb} MB)`,
  );
}

/** Before (the --compare build) → after (the working tree), per case. */
export function printComparison(reports: CaseReport[], label: string): void {
  console.log(`\nworking tree against${label}:`);
  for (const after of reports) {
    const before = reports.find((r) => r.name === `${after.name}${label}`);
    if (!before) continue;
    const kb = (r: CaseReport) => (r.bytesPerResponse / 1024).toFixed(1);
    console.log(
      `  ${after.name.padEnd(34)} ${String(before.rps).padStart(5)} → ${String(after.rps).padEnd(5)} req/s ` +
        `(${(after.rps / before.rps).toFixed(2)}×)  p50 ${before.p50Ms} → ${after.p50Ms} ms  ` +
        `${kb(before)} → ${kb(after)} KB`,
    );
  }
}
