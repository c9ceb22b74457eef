import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from './endpoints';
import { openApiDocument } from './openapi';

// The contract between the route files and the OpenAPI document: every operation a route
// file under app/api/v1 exports is in the document, and every documented operation has a
// route file exporting it. (Response bodies are checked against the documented schemas by
// every API test: test/api.ts.)

const ROOT = path.resolve(import.meta.dirname, '../../app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** The document itself is not an operation of the API it describes. */
const NOT_OPERATIONS = new Set(['/openapi.json']);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

function exportedOperations(): string[] {
  return routeFiles(ROOT).flatMap((file) => {
    const route = `/${path.relative(ROOT, path.dirname(file)).split(path.sep).join('/')}`
      .replace(/\[([^\]]+)\]/g, '{$1}')
      .replace(/\/$/, '');
    if (NOT_OPERATIONS.has(route)) return [];
    const source = fs.readFileSync(file, 'utf8');
    return METHODS.filter((m) =>
      new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b`).test(source),
    ).map((m) => `${m} ${route}`);
  });
}

function documentedOperations(): string[] {
  const document = openApiDocument();
  return Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map(
      (m) => `${m} ${route}`,
    ),
  );
}

describe('OpenAPI document', () => {
  it('describes exactly the operations the route files export', () => {
    const exported = exportedOperations();
    expect(exported.length).toBeGreaterThanOrEqual(ENDPOINTS.length);
    expect(new Set(documentedOperations())).toEqual(new Set(exported));
  });

  it('is OpenAPI 3.1 with Basic auth, and every operation has an id, a summary and errors', () => {
    const document = openApiDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.securitySchemes).toEqual({
      basicAuth: { type: 'http', scheme: 'basic' },
    });
    const ids = new Set<string>();
    for (const item of Object.values(document.paths ?? {})) {
      for (const m of METHODS) {
        const op = (item as Record<string, Record<string, unknown> | undefined>)[m.toLowerCase()];
        if (!op) continue;
        expect(op.summary).toEqual(expect.any(String));
        ids.add(op.operationId as string);
        expect(Object.keys(op.responses as object)).toEqual(
          expect.arrayContaining(['400', '401', '403', '429']),
        );
      }
    }
    expect(ids.size).toBe(ENDPOINTS.length);
  });

  it('documents the payment body from the payment schema, with the required key header', () => {
    const op = openApiDocument().paths?.['/payments']?.post;
    expect(JSON.stringify(op?.requestBody)).toContain('card');
    expect(op?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: true }),
      ]),
    );
  });

  it('documents instances and buckets, their 409 for a SUSPENDED account and the optional key', () => {
    const paths = openApiDocument().paths ?? {};
    for (const [route, success] of [
      ['/instances', '201'],
      ['/instances/{instanceId}/start', '200'],
      ['/buckets', '201'],
    ] as const) {
      const op = (paths[route] as { post: { responses: object; parameters: unknown } }).post;
      expect(Object.keys(op.responses), route).toEqual(expect.arrayContaining([success, '409']));
      const header = (op.parameters as Array<{ in: string; name: string; required?: boolean }>)
        .filter((p) => p.in === 'header')
        .find((p) => p.name === 'Idempotency-Key');
      expect(header, route).toBeDefined();
      expect(header!.required ?? false, route).toBe(false);
    }
    expect(JSON.stringify(openApiDocument())).toContain('account_suspended');
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/instances/{instanceId}/stop', '/buckets/{bucketId}']),
    );
  });
});
