// Summarises a V8 CPU profile (`node --cpu-prof`): self time per function and per package,
// counted only over the samples taken while the load ran.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a script comes from: an npm package, Node itself, or the app's own bundle. */
function origin(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) {
    // node:internal/crypto/hkdf → "node core: crypto" (Auth.js's session decode lands here).
    const area = /^node:(?:internal\/)?([^/]+)/.exec(url)?.[1] ?? url;
    return `node core: ${area}`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    // Next bundles its own copies of react-dom, etc. under next/dist/compiled/.
    const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    return compiled ? `next (compiled ${compiled[1]})` : pkg[1]!;
  }
  if (/\.next[^/]*\/server\/chunks/.test(url)) return 'app bundle (server chunks)';
  return url.replace(/^file:\/\//, '').replace(process.cwd(), '.');
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
}

export interface ProfileSummary {
  /** Milliseconds of samples inside the window. */
  totalMs: number;
  busyMs: number;
  byFunction: Array<{ name: string; selfMs: number; percentOfBusy: number }>;
  byOrigin: Array<{ origin: string; selfMs: number; percentOfBusy: number }>;
}

/**
 * `window` picks the samples by how long before the profile's end they were taken (the
 * profile's clock is its own): from `fromEndMs` to `toEndMs` milliseconds before the end.
 */
export function summariseProfile(
  file: string,
  window: { fromEndMs: number; toEndMs: number } | null,
  top = 25,
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let time = profile.startTime; // microseconds
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    const beforeEndMs = (profile.endTime - time) / 1000;
    if (window && (beforeEndMs > window.fromEndMs || beforeEndMs < window.toEndMs)) continue;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
    totalUs += delta;
  }
  const functions = new Map<string, number>();
  const origins = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const where = frame.url ? origin(frame.url) : frame.functionName;
    origins.set(where, (origins.get(where) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({
        key,
        selfMs: Math.round(us / 1000),
        percentOfBusy: Math.round((1000 * us) / Math.max(1, busyUs)) / 10,
      }));
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    byFunction: rank(functions).map(({ key, ...rest }) => ({ name: key, ...rest })),
    byOrigin: rank(origins).map(({ key, ...rest }) => ({ origin: key, ...rest })),
  };
}

export function formatProfile(summary: ProfileSummary, requests: number): string {
  const perRequest = requests > 0 ? (summary.busyMs / requests).toFixed(2) : '?';
  const lines = [
    // The profiler samples the server thread's wall time: on a busy machine that includes time
    // spent runnable but waiting for a core, so this is an upper bound of CPU per request.
    `server thread: ${summary.busyMs} ms busy of ${summary.totalMs} ms sampled; ${perRequest} ms per request (${requests} requests; includes waiting for a core on a busy machine)`,
    '',
    'self time by origin:',
    ...summary.byOrigin.map((o) => `  ${String(o.percentOfBusy).padStart(5)}%  ${o.origin}`),
    '',
    'self time by function:',
    ...summary.byFunction.map((f) => `  ${String(f.percentOfBusy).padStart(5)}%  ${f.name}`),
  ];
  return lines.join('\n');
}
