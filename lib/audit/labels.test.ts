import { describe, expect, it } from 'vitest';
import { actionLabel, AUDIT_ACTIONS, roleChange } from '@/lib/audit/labels';

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

describe('the audit action registry', () => {
  it('labels every action with distinct, non-empty text', () => {
    const labels = Object.values(AUDIT_ACTIONS);
    expect(labels.every((label) => label.trim().length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
    for (const action of Object.keys(AUDIT_ACTIONS)) expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it('shows a stored action that is no longer registered as stored', () => {
    expect(actionLabel('payment.replayed')).toBe('Payment attempt repeated');
    expect(actionLabel('legacy.thing')).toBe('legacy.thing');
    expect(actionLabel('toString')).toBe('toString');
  });
});
