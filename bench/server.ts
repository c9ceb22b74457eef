// Starting and stopping `next start`, and reading its memory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const NEXT_BIN = path.join('node_modules', 'next', 'dist', 'bin', 'next');

export interface RunningServer {
  origin: string;
  pid: number;
  /** Resident memory of the server process and its children, in MB (now and peak). */
  memory: () => { rssMb: number; peakMb: number };
  stop: () => Promise<void>;
}

/** Runs `next build` for `dir` (the project in `cwd` when '.'); throws when it fails. */
export function nextBuild(dir: string, env: NodeJS.ProcessEnv, cwd = '.'): void {
  const args = [NEXT_BIN, 'build', ...(dir === '.' ? [] : [dir])];
  const result = spawnSync(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`next build ${dir} failed (exit ${result.status})`);
}

function childPids(pid: number): number[] {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const direct = text ? text.split(/\s+/).map(Number) : [];
    return direct.flatMap((child) => [child, ...childPids(child)]);
  } catch {
    return [];
  }
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // not Linux, or the process is gone
  }
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server for ${url} exited (${child.exitCode})`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`server for ${url} did not answer within ${timeoutMs / 1000} s`);
}

const running = new Set<ChildProcess>();
// Whatever way the bench ends, no server it started outlives it.
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

export async function startNext(options: {
  dir: string;
  port: number;
  env: NodeJS.ProcessEnv;
  readyPath: string;
  logFile: string;
  /** Node flags for the server process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** The project directory (another checkout, for --compare). */
  cwd?: string;
}): Promise<RunningServer> {
  const { dir, port, env, readyPath, logFile } = options;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const args = [NEXT_BIN, 'start', ...(dir === '.' ? [] : [dir]), '-p', String(port)];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args, '-H', '127.0.0.1'], {
    cwd: options.cwd ?? '.',
    env,
    stdio: ['ignore', log, log],
  });
  running.add(child);
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT'); // Next exits cleanly on SIGINT (and a --cpu-prof profile is written)
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    running.delete(child);
    fs.closeSync(log);
  };
  try {
    await waitForHttp(`${origin}${readyPath}`, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid!;
  return {
    origin,
    pid,
    memory: () => {
      const pids = [pid, ...childPids(pid)];
      const sum = (field: 'VmRSS' | 'VmHWM') =>
        Math.round(pids.reduce((total, p) => total + statusKb(p, field), 0) / 1024);
      return { rssMb: sum('VmRSS'), peakMb: sum('VmHWM') };
    },
    stop,
  };
}
