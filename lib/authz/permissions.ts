import type { AccountKind, MemberRole } from '@/db/schema';

// Domain: authz (lib/authz/). Owns what a role may do: the permission table (permissions.ts)
// and the one access check (access.ts); page.ts is the page door over that check. access.ts
// and permissions.ts import only db/ and shared helpers; page.ts also imports auth/session
// (who asks) and members/ (last-active time).

export const ROLES = ['owner', 'tech', 'admin'] as const satisfies readonly MemberRole[];

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: 'Owner',
  tech: 'Tech',
  admin: 'Admin',
};

/** DESIGN §2, as data. Pages, server actions and the API all check against this table. */
export const PERMISSIONS = {
  'account.view': ['owner', 'tech', 'admin'],
  'resources.manage': ['owner', 'tech'],
  'account.edit': ['owner', 'admin'],
  'billing.manage': ['owner', 'admin'],
  'members.view': ['owner', 'tech', 'admin'],
  'members.manage': ['owner'],
  'audit.view': ['owner', 'admin'],
  'apiKey.manageOwn': ['owner', 'tech', 'admin'],
  'organization.leave': ['owner', 'tech', 'admin'],
  'organization.delete': ['owner'],
  // Not in DESIGN §2's table: organizations are created from the personal account.
  'organization.create': ['owner'],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Creating organizations happens from the personal account only. */
const PERSONAL_ONLY: ReadonlySet<Permission> = new Set(['organization.create']);

/** Permissions that only make sense for an organization (a personal account has one member). */
const ORGANIZATION_ONLY: ReadonlySet<Permission> = new Set([
  'members.manage',
  'organization.leave',
  'organization.delete',
]);

export function can(role: MemberRole, permission: Permission, kind?: AccountKind): boolean {
  if (kind === 'personal' && ORGANIZATION_ONLY.has(permission)) return false;
  if (kind === 'organization' && PERSONAL_ONLY.has(permission)) return false;
  return (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}
