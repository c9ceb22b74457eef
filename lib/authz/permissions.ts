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

/** Where a permission applies: a personal account has one member and creates organizations. */
export type PermissionScope = 'personal' | 'organization' | 'both';

interface PermissionSpec {
  roles: readonly MemberRole[];
  scope: PermissionScope;
  /** What it allows, in the words of DESIGN §2. */
  description: string;
}

const ALL = ['owner', 'tech', 'admin'] as const;

/**
 * DESIGN §2, as data. Pages, server actions and the API all check against this table.
 * Adding a permission is one entry here (and a row in permissions.test.ts).
 */
export const PERMISSIONS = {
  'account.view': {
    roles: ALL,
    scope: 'both',
    description: 'See the account overview (name, status, balance)',
  },
  'resources.manage': {
    roles: ['owner', 'tech'],
    scope: 'both',
    description: 'See and manage resources (compute, storage)',
  },
  'account.edit': {
    roles: ['owner', 'admin'],
    scope: 'both',
    description: 'Edit account details (name, billing address)',
  },
  'billing.manage': {
    roles: ['owner', 'admin'],
    scope: 'both',
    description: 'See payments and make payments',
  },
  'members.view': { roles: ALL, scope: 'both', description: 'See the member list' },
  'members.manage': {
    roles: ['owner'],
    scope: 'organization',
    description: 'Invite users, change roles, remove users, revoke invitations',
  },
  'audit.view': { roles: ['owner', 'admin'], scope: 'both', description: 'See the audit log' },
  'apiKey.manageOwn': {
    roles: ALL,
    scope: 'both',
    description: 'Manage their own API key pair for this account',
  },
  'organization.leave': {
    roles: ALL,
    scope: 'organization',
    description: 'Leave the organization (not the last owner)',
  },
  'organization.delete': {
    roles: ['owner'],
    scope: 'organization',
    description: 'Delete the organization (no live resources, balance settled)',
  },
  // Not in DESIGN §2's table: organizations are created from the personal account.
  'organization.create': {
    roles: ['owner'],
    scope: 'personal',
    description: 'Create an organization',
  },
} as const satisfies Record<string, PermissionSpec>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: MemberRole, permission: Permission, kind?: AccountKind): boolean {
  const spec: PermissionSpec = PERMISSIONS[permission];
  if (kind && spec.scope !== 'both' && spec.scope !== kind) return false;
  return spec.roles.includes(role);
}
