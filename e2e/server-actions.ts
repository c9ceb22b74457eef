import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';

// Server actions called as an attacker would: the action's id (from the build's
// server-reference-manifest), a body encoded exactly as React's client encodes it, and the
// cookies of a signed-in browser — no page, no form, no hidden field the UI controls.

const require = createRequire(import.meta.url);
const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node') as {
  encodeReply: (value: unknown) => Promise<FormData | string>;
};

interface ManifestEntry {
  filename: string;
  exportedName: string;
}

let ids: Map<string, string> | null = null;

/** The id of `file#exportName` in the build the e2e server runs. */
export function actionId(file: string, name: string): string {
  if (!ids) {
    const distDir = process.env.NEXT_DIST_DIR ?? '.next-e2e';
    const manifest = JSON.parse(
      fs.readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8'),
    ) as { node: Record<string, ManifestEntry> };
    ids = new Map(
      Object.entries(manifest.node).map(([id, e]) => [`${e.filename}#${e.exportedName}`, id]),
    );
  }
  const id = ids.get(`${file}#${name}`);
  if (!id) throw new Error(`no server action ${file}#${name} in the build`);
  return id;
}

export const ACCOUNT_ACTIONS = 'app/a/[accountId]/actions.ts';
export const BILLING_ACTIONS = 'app/a/[accountId]/billing/actions.ts';
export const AUTH_ACTIONS = 'app/(auth)/actions.ts';
export const INVITATION_ACTIONS = 'app/(auth)/invitations/actions.ts';

/** A FormData of these string fields (repeated keys allowed). */
export function form(fields: Array<[string, string]> | Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Array.isArray(fields) ? fields : Object.entries(fields))
    data.append(key, value);
  return data;
}

export interface ActionAnswer {
  status: number;
  response: APIResponse;
  /** The action's return value, when it returned one. */
  result: Record<string, unknown> | null;
  /** Where the action redirected, when it did. */
  redirect: string | null;
}

/**
 * POSTs a server action to `pagePath` the way Next's client does. `origin` defaults to the
 * server's own (a same-origin request); pass another to play a cross-site form.
 */
export async function callAction(
  request: APIRequestContext,
  pagePath: string,
  [file, name]: [string, string],
  args: unknown[],
  options: { origin?: string | null; baseURL: string },
): Promise<ActionAnswer> {
  const body = await encodeReply(args);
  const origin = options.origin === undefined ? options.baseURL : options.origin;
  const headers: Record<string, string> = {
    'Next-Action': actionId(file, name),
    Accept: 'text/x-component',
    ...(origin === null ? {} : { Origin: origin }),
  };
  const response = await request.post(pagePath, {
    headers: typeof body === 'string' ? { ...headers, 'Content-Type': 'text/plain' } : headers,
    ...(typeof body === 'string' ? { data: body } : { multipart: body }),
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const text = await response.text();
  // The flight answer: row 1 holds the action's return value (row 0 is the envelope).
  const row = text.split('\n').find((line) => line.startsWith('1:{'));
  let result: Record<string, unknown> | null = null;
  if (row) {
    try {
      result = JSON.parse(row.slice(2)) as Record<string, unknown>;
    } catch {
      result = null;
    }
  }
  const redirectHeader = response.headers()['x-action-redirect'] ?? null;
  return {
    status: response.status(),
    response,
    result,
    redirect: redirectHeader ? redirectHeader.split(';')[0]! : null,
  };
}

/** The (previous state, form data) arguments of a form action. */
export const formArgs = (fields: Array<[string, string]> | Record<string, string>) => [
  { status: 'idle' },
  form(fields),
];
