import { describe, expect, it } from 'vitest';
import { roleChange } from '@/lib/audit/labels';

describe('roleChange', () => {
  it('reads before/after from the metadata of role events only', () => {
    expect(
      roleChange({ action: 'member.role_changed', metadata: { before: 'tech', after: 'owner' } }),
    ).toEqual({ before: 'tech', after: 'owner' });
    expect(roleChange({ action: 'member.removed', metadata: { role: 'admin' } })).toEqual({
      before: 'admin',
      after: null,
    });
    expect(
      roleChange({ action: 'invitation.created', metadata: { role: 'tech', email: 'x@y' } }),
    ).toEqual({ before: null, after: 'tech' });
    expect(roleChange({ action: 'account.details_updated', metadata: { role: 'owner' } })).toEqual({
      before: null,
      after: null,
    });
    // Not a role value: not shown as one.
    expect(
      roleChange({ action: 'member.role_changed', metadata: { before: '<b>', after: 42 } }),
    ).toEqual({ before: null, after: null });
  });
});
