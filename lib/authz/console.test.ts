import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountKind, MemberRole } from '@/db/schema';
import { CONSOLE_PAGES, consoleNavigation, mayOpenPage, type ConsolePageName } from './console';
import { can } from './permissions';

// The navigation and the pages' server checks come from one map; these tests make sure
// every console page really checks through it, so the two cannot drift apart.

const CONSOLE_DIR = path.resolve(import.meta.dirname, '../../app/a/[accountId]');

/** Every page.tsx and layout.tsx below app/a/[accountId], as a path relative to it. */
function consoleFiles(dir = CONSOLE_DIR): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return consoleFiles(full);
    return entry === 'page.tsx' ? [path.relative(CONSOLE_DIR, full)] : [];
  });
}

/** The console page a file belongs to: its first path segment ('' for the overview). */
function pageOf(file: string): ConsolePageName | undefined {
  const segment = file.split(path.sep).length > 1 ? file.split(path.sep)[0] : '';
  const entry = Object.entries(CONSOLE_PAGES).find(([, page]) => page.path === segment);
  return entry?.[0] as ConsolePageName | undefined;
}

const access = (role: MemberRole, kind: AccountKind) => ({
  account: { id: '00000000-0000-4000-8000-000000000000', kind },
  can: (permission: Parameters<typeof can>[1]) => can(role, permission, kind),
});

describe('console pages', () => {
  const files = consoleFiles();

  it('finds the pages', () => {
    expect(files).toContain('page.tsx');
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(CONSOLE_PAGES).length);
  });

  it.each(files)('%s is in the map and checks access through it', (file) => {
    const name = pageOf(file);
    expect(name, `${file} has no entry in CONSOLE_PAGES`).toBeDefined();
    const source = readFileSync(path.join(CONSOLE_DIR, file), 'utf8');
    expect(source).toContain(`requireConsolePage(accountId, '${name}')`);
    expect(source).not.toContain('requirePageAccess(');
  });

  it('every entry has its page', () => {
    for (const name of Object.keys(CONSOLE_PAGES) as ConsolePageName[]) {
      expect(files.map(pageOf)).toContain(name);
    }
  });
});

describe('navigation', () => {
  const roles: MemberRole[] = ['owner', 'tech', 'admin'];
  const kinds: AccountKind[] = ['personal', 'organization'];
  const cases = kinds.flatMap((kind) => roles.map((role) => ({ kind, role })));

  it.each(cases)(
    '$role of a $kind account sees exactly the pages it may open',
    ({ role, kind }) => {
      const who = access(role, kind);
      const shown = consoleNavigation(who).flatMap((s) => s.items.map((i) => i.label));
      const open = (Object.keys(CONSOLE_PAGES) as ConsolePageName[])
        .filter((name) => mayOpenPage(name, who))
        .map((name) => CONSOLE_PAGES[name].label);
      expect(shown).toEqual(open);
    },
  );

  it('shows each role what DESIGN §2 gives it', () => {
    const labels = (role: MemberRole, kind: AccountKind) =>
      consoleNavigation(access(role, kind)).flatMap((s) => s.items.map((i) => i.label));
    expect(labels('owner', 'personal')).toEqual([
      'Overview',
      'Details',
      'Organizations',
      'Billing',
      'Audit log',
      'Sign-in & security',
    ]);
    expect(labels('tech', 'organization')).toEqual(['Overview', 'Users', 'Sign-in & security']);
    expect(labels('admin', 'organization')).toEqual([
      'Overview',
      'Details',
      'Billing',
      'Users',
      'Audit log',
      'Sign-in & security',
    ]);
    expect(consoleNavigation(access('owner', 'organization'))[1]).toMatchObject({
      title: 'Account',
    });
  });
});
