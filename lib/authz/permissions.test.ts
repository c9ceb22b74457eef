import { describe, expect, it } from 'vitest';
import type { MemberRole } from '@/db/schema';
import { PERMISSIONS, ROLES, ROLE_LABELS, can, type Permission } from '@/lib/authz/permissions';

// DESIGN §2, copied by hand from the table (not derived from PERMISSIONS).
const DESIGN_TABLE_TEXT = `
  permission            owner  tech  admin
  account.view            ✓     ✓     ✓      see account overview (name, status, balance)
  resources.manage        ✓     ✓     —      see and manage resources (compute, storage)
  account.edit            ✓     —     ✓      edit account details (name, billing address)
  billing.manage          ✓     —     ✓      see payments and make payments
  members.view            ✓     ✓     ✓      see the member list
  members.manage          ✓     —     —      invite, change roles, remove users, revoke invitations
  audit.view              ✓     —     ✓      see the audit log
  apiKey.manageOwn        ✓     ✓     ✓      manage own API key pair for this account
  organization.leave      ✓     ✓     ✓      leave the organization (last-owner rule: elsewhere)
  organization.delete     ✓     —     —      delete the organization
  organization.create     ✓     —     —      create an organization (ours: from the personal account)
`;

const DESIGN_TABLE = Object.fromEntries(
  DESIGN_TABLE_TEXT.trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [permission, owner, tech, admin] = line.trim().split(/\s+/);
      const mark = (cell: string | undefined) => {
        if (cell !== '✓' && cell !== '—') throw new Error(`bad cell in: ${line}`);
        return cell === '✓';
      };
      return [permission, [mark(owner), mark(tech), mark(admin)]];
    }),
) as Record<Permission, [boolean, boolean, boolean]>;
const ROLE_COLUMNS: MemberRole[] = ['owner', 'tech', 'admin'];
const ORGANIZATION_ONLY: Permission[] = [
  'members.manage',
  'organization.leave',
  'organization.delete',
];

const PERSONAL_ONLY: Permission[] = ['organization.create'];

const cells = (Object.keys(DESIGN_TABLE) as Permission[]).flatMap((permission) =>
  ROLE_COLUMNS.map((role, i) => ({ permission, role, allowed: DESIGN_TABLE[permission][i]! })),
);

describe('permission table', () => {
  it('has exactly the roles owner, tech, admin', () => {
    expect([...ROLES].sort()).toEqual([...ROLE_COLUMNS].sort());
    expect(ROLE_LABELS).toEqual({ owner: 'Owner', tech: 'Tech', admin: 'Admin' });
  });

  it('has exactly the permissions of DESIGN §2 (a new one must be added to this test)', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(DESIGN_TABLE).sort());
  });

  it('describes every permission and scopes it as the account-kind rows below expect', () => {
    for (const [permission, spec] of Object.entries(PERMISSIONS) as [
      Permission,
      (typeof PERMISSIONS)[Permission],
    ][]) {
      expect(spec.description.length).toBeGreaterThan(5);
      const scope = ORGANIZATION_ONLY.includes(permission)
        ? 'organization'
        : PERSONAL_ONLY.includes(permission)
          ? 'personal'
          : 'both';
      expect(spec.scope, permission).toBe(scope);
    }
  });

  it('walks every role × permission cell', () => {
    expect(cells).toHaveLength(33);
  });

  it.each(cells)(
    '$role / $permission → $allowed (no account kind)',
    ({ role, permission, allowed }) => {
      expect(can(role, permission)).toBe(allowed);
    },
  );

  it.each(cells)(
    '$role / $permission → $allowed (organization)',
    ({ role, permission, allowed }) => {
      const expected = PERSONAL_ONLY.includes(permission) ? false : allowed;
      expect(can(role, permission, 'organization')).toBe(expected);
    },
  );

  it.each(cells)('$role / $permission in a personal account', ({ role, permission, allowed }) => {
    const expected = ORGANIZATION_ONLY.includes(permission) ? false : allowed;
    expect(can(role, permission, 'personal')).toBe(expected);
  });

  it.each(ORGANIZATION_ONLY)('a personal account refuses %s even to its owner', (permission) => {
    expect(can('owner', permission, 'personal')).toBe(false);
    expect(can('owner', permission, 'organization')).toBe(true);
  });

  it('the owner of a personal account still may do everything else', () => {
    for (const permission of Object.keys(DESIGN_TABLE) as Permission[]) {
      if (ORGANIZATION_ONLY.includes(permission)) continue;
      expect(can('owner', permission, 'personal'), permission).toBe(true);
    }
  });

  it('organizations are created from the personal account only', () => {
    for (const role of ROLE_COLUMNS) {
      expect(can(role, 'organization.create', 'organization')).toBe(false);
    }
    expect(can('owner', 'organization.create', 'personal')).toBe(true);
  });

  it('owner is the only role that may manage members or delete the organization', () => {
    for (const role of ROLE_COLUMNS) {
      expect(can(role, 'members.manage', 'organization')).toBe(role === 'owner');
      expect(can(role, 'organization.delete', 'organization')).toBe(role === 'owner');
    }
  });
});
