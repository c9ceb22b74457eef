import type { AccountKind } from '@/db/schema';
import type { AccessContext } from './access';
import { PERMISSIONS, type Permission } from './permissions';

// The console's pages under /a/[accountId], each with the one permission its server check
// asks for. The side navigation is derived from this map and each page checks access through
// it (requireConsolePage in page.ts), so a link is shown exactly where its page lets the user
// in. Adding a page is one entry here; the order is the navigation's, grouped by `section`.

interface ConsolePage {
  /** The path below /a/[accountId] ('' for the overview). */
  path: string;
  label: string;
  /** The navigation group (none: the top of the navigation). */
  section?: string;
  permission: Permission;
  /** Narrower than the permission's scope: the kind of account the page exists for. */
  kind?: AccountKind;
}

export const CONSOLE_PAGES = {
  overview: { path: '', label: 'Overview', permission: 'account.view' },
  details: { path: 'details', label: 'Details', section: 'Account', permission: 'account.edit' },
  organizations: {
    path: 'organizations',
    label: 'Organizations',
    section: 'Account',
    permission: 'organization.create',
  },
  billing: { path: 'billing', label: 'Billing', section: 'Account', permission: 'billing.manage' },
  users: {
    path: 'users',
    label: 'Users',
    section: 'Account',
    permission: 'members.view',
    kind: 'organization',
  },
  audit: { path: 'audit', label: 'Audit log', section: 'Account', permission: 'audit.view' },
  security: {
    path: 'security',
    label: 'Sign-in & security',
    section: 'Account',
    permission: 'account.view',
  },
} as const satisfies Record<string, ConsolePage>;

export type ConsolePageName = keyof typeof CONSOLE_PAGES;

/** Whether the page exists for this kind of account (a page for the other kind is a 404). */
export function pageExistsFor(name: ConsolePageName, kind: AccountKind): boolean {
  const page: ConsolePage = CONSOLE_PAGES[name];
  const scope = PERMISSIONS[page.permission].scope;
  return (scope === 'both' || scope === kind) && (!page.kind || page.kind === kind);
}

/** The part of an access context the navigation needs. */
type Viewer = { account: Pick<AccessContext['account'], 'id' | 'kind'>; can: AccessContext['can'] };

/** Whether the member may open the page: the navigation shows it, its server check lets in. */
export function mayOpenPage(name: ConsolePageName, access: Viewer): boolean {
  return pageExistsFor(name, access.account.kind) && access.can(CONSOLE_PAGES[name].permission);
}

export function consolePath(accountId: string, name: ConsolePageName): string {
  const { path } = CONSOLE_PAGES[name];
  return path ? `/a/${accountId}/${path}` : `/a/${accountId}`;
}

export interface NavSection {
  title?: string;
  items: Array<{ href: string; label: string }>;
}

/** The side navigation for this member: the pages they may open, grouped by section. */
export function consoleNavigation(access: Viewer): NavSection[] {
  const sections: NavSection[] = [];
  for (const name of Object.keys(CONSOLE_PAGES) as ConsolePageName[]) {
    if (!mayOpenPage(name, access)) continue;
    const page: ConsolePage = CONSOLE_PAGES[name];
    let section = sections.find((s) => s.title === page.section);
    if (!section) sections.push((section = { title: page.section, items: [] }));
    section.items.push({ href: consolePath(access.account.id, name), label: page.label });
  }
  return sections;
}
