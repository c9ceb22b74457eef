import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as accountDefinitions from '@/lib/accounts/actions';
import * as invitationDefinitions from '@/lib/invitations/actions';
import * as memberDefinitions from '@/lib/members/actions';
import { PERMISSIONS } from '@/lib/authz/permissions';
import { PIPELINE_ACTIONS, ROUTES, SERVER_ACTIONS } from './registry';

// The registry (test/registry.ts) must list every door into the server: a server action or
// route handler added without an entry fails here, so it cannot miss the matrix and the fuzz.

const root = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['app', 'lib', 'components'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(relative));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
      out.push(relative);
  }
  return out;
}

const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** A module is a server-action module when its first statement is the 'use server' directive. */
const isServerModule = (text: string) =>
  /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use server['"]/.test(text);

/** The names a module exports as values (functions, constants, re-exports), not its types. */
function exportedValues(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var)\s+(\w+)/gm))
    names.add(m[1]!);
  for (const m of text.matchAll(/^export\s+const\s*\{([^}]*)\}/gm))
    for (const name of m[1]!.split(',')) names.add(name.split(':').pop()!.trim());
  for (const m of text.matchAll(/^export\s*\{([^}]*)\}/gm))
    for (const part of m[1]!.split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type '))
        names.add(
          name
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        );
    }
  names.delete('');
  return [...names].sort();
}

const files = SOURCE_DIRS.flatMap(sourceFiles);

describe('the registry of server actions and routes', () => {
  it('lists every exported server action, and nothing that is not one', () => {
    const found = files
      .filter((file) => isServerModule(read(file)))
      .flatMap((file) => exportedValues(read(file)).map((name) => `${file}#${name}`))
      .sort();
    const listed = SERVER_ACTIONS.map((entry) => `${entry.module}#${entry.name}`).sort();
    expect(found.length).toBeGreaterThan(10);
    expect(found, 'server actions (file#export) missing from test/registry.ts').toEqual(listed);
  });

  it('lists every route handler with each method it exports', () => {
    const found = files
      .filter((file) => file.startsWith('app/') && /(^|\/)route\.tsx?$/.test(file))
      .map((file) => ({
        file,
        methods: exportedValues(read(file))
          .filter((name) => HTTP_METHODS.includes(name))
          .sort(),
      }))
      .sort((a, b) => a.file.localeCompare(b.file));
    const listed = ROUTES.map((route) => ({
      file: route.file,
      methods: Object.keys(route.methods).sort(),
    })).sort((a, b) => a.file.localeCompare(b.file));
    expect(found.length).toBeGreaterThan(0);
    expect(found, 'route handlers missing from test/registry.ts').toEqual(listed);
  });

  it('names only permissions of the table, and each the definition itself checks', () => {
    for (const entry of PIPELINE_ACTIONS) {
      expect(Object.keys(PERMISSIONS)).toContain(entry.permission);
      expect(entry.pipeline.definition.permission, entry.name).toBe(entry.permission);
    }
  });

  it('each pipeline action is exported as the wrapper of the definition the matrix calls', () => {
    const definitionNames = new Map<unknown, string>(
      Object.entries({ ...accountDefinitions, ...invitationDefinitions, ...memberDefinitions }).map(
        ([name, value]) => [value, name],
      ),
    );
    for (const entry of PIPELINE_ACTIONS) {
      const source = read(entry.module);
      const definitionName = definitionNames.get(entry.pipeline.definition);
      if (definitionName) {
        expect(source, entry.name).toMatch(
          new RegExp(`export const ${entry.name} = accountAction\\(${definitionName}\\)`),
        );
      } else {
        // Built per request (the payment provider is chosen at run time): the module must
        // still go through the one wrapper.
        expect(source, entry.name).toContain('accountAction(');
      }
    }
  });

  it('the scanner sees a server module, its exports and a route’s methods', () => {
    expect(isServerModule("// a comment\n'use server';\nexport async function a() {}")).toBe(true);
    expect(isServerModule("import x from 'y';\n'use server';")).toBe(false);
    expect(
      exportedValues(
        'export const { GET, POST } = handlers;\nexport type T = 1;\nexport async function b() {}\nexport { c, d as e };',
      ),
    ).toEqual(['GET', 'POST', 'b', 'c', 'e']);
  });
});
