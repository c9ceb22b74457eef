// What a case needs to build its request: signed-in cookies, SQL on the bench database, and
// server-action requests encoded the way React's client encodes them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '@/db/schema';
import { DEMO_PASSWORD } from '@/scripts/seed';
import type { BenchContext } from './cases';

const require = createRequire(import.meta.url);

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** Signs in through Auth.js's credentials callback, as the sign-in form does. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/` }),
  });
  await response.arrayBuffer();
  const session = cookiesOf(response).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`sign-in of ${email} failed (HTTP ${response.status})`);
  return session;
}

/** The id Next gave a server action in this build (from its server reference manifest). */
export function actionIds(distDir: string): Map<string, string> {
  const file = path.join(distDir, 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName) ids.set(entry.exportedName, id);
  }
  return ids;
}

export function createContext(options: {
  origin: string;
  pool: pg.Pool;
  distDir: string;
}): BenchContext {
  const { origin, pool } = options;
  const sessions = new Map<string, Promise<string>>();
  const ids = actionIds(options.distDir);
  const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node') as {
    encodeReply: (value: unknown) => Promise<string | FormData>;
  };
  return {
    signedIn: (email) => {
      if (!sessions.has(email)) sessions.set(email, signIn(origin, email, DEMO_PASSWORD));
      return sessions.get(email)!;
    },
    query: async <T>(text: string, values: unknown[] = []) =>
      (await pool.query(text, values)).rows as T[],
    db: drizzle(pool, { schema }),
    serverAction: async (exportedName, args) => {
      const id = ids.get(exportedName);
      if (!id) throw new Error(`no server action named ${exportedName} in this build`);
      const encoded = await encodeReply(args);
      const request = new Request(origin, { method: 'POST', body: encoded });
      return {
        headers: {
          'next-action': id,
          accept: 'text/x-component',
          origin,
          'content-type': request.headers.get('content-type') ?? 'text/plain;charset=UTF-8',
        },
        body: await request.text(),
      };
    },
  };
}
