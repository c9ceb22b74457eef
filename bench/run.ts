// One load run of one case (a separate autocannon process) and the figures kept from it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadRequest } from './cases';

export interface LoadSettings {
  connections: number;
  duration: number;
  warmup: number;
}

export interface LoadResult {
  requests: number;
  duration: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerResponse: number;
  statusCodes: Record<string, { count: number }>;
}

export function runLoad(
  origin: string,
  request: LoadRequest,
  settings: LoadSettings,
): Promise<LoadResult> {
  const specFile = path.join(os.tmpdir(), `bench-load-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(
    specFile,
    JSON.stringify({
      url: `${origin}${request.path}`,
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      body: request.body,
      perConnection: request.perConnection,
      ...settings,
    }),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join('bench', 'load.mjs'), specFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.rmSync(specFile, { force: true });
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/**
 * One request, checked: a case that answers a redirect or an error page measures nothing.
 * `nth` picks the request of a per-connection list (a mutating case alternates its changes).
 */
export async function verifyCase(
  origin: string,
  request: LoadRequest,
  expect: { status: number; text?: string },
  nth = 0,
): Promise<{ ok: true; bytes: number } | { ok: false; problem: string }> {
  const list = request.perConnection?.[0];
  const first = list?.[nth % list.length];
  const response = await fetch(`${origin}${first?.path ?? request.path}`, {
    method: request.method ?? 'GET',
    headers: { ...request.headers, ...first?.headers },
    body: first?.body ?? request.body,
    redirect: 'manual',
  });
  const text = await response.text();
  if (response.status !== expect.status) {
    const where = response.headers.get('location');
    return {
      ok: false,
      problem: `HTTP ${response.status}${where ? ` → ${where}` : ''} (expected ${expect.status})`,
    };
  }
  if (expect.text && !text.includes(expect.text)) {
    return { ok: false, problem: `the response lacks “${expect.text}”` };
  }
  return { ok: true, bytes: Buffer.byteLength(text) };
}
