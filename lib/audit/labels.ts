import type { AuditEventRow } from '@/lib/audit/queries';

// ---------------------------------------------------------------------------
// Presentation helpers shared by the page and the CSV.
// ---------------------------------------------------------------------------

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'user.signed_up': 'Signed up',
  'user.password_reset': 'Password reset',
  'user.signed_out_everywhere': 'Signed out on all devices',
  'user.session_signed_out': 'Session signed out',
  'organization.created': 'Organization created',
  'account.details_updated': 'Account details updated',
  'account.status_changed': 'Account status changed',
  'member.left': 'Member left',
  'member.removed': 'Member removed',
  'member.role_changed': 'Role changed',
  'invitation.created': 'Invitation sent',
  'invitation.resent': 'Invitation resent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.accepted': 'Invitation accepted',
  'invitation.declined': 'Invitation declined',
  'payment.succeeded': 'Payment succeeded',
  'payment.failed': 'Payment failed',
  'payment.refunded': 'Payment refunded',
  'payment.dispute_opened': 'Card dispute opened',
  'payment.dispute_won': 'Card dispute won',
  'payment.dispute_lost': 'Card dispute lost',
  'payment.dispute_inquiry': 'Card dispute inquiry',
  'payment.dispute_closed': 'Card dispute closed',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

const ROLE_VALUES = new Set(['owner', 'tech', 'admin']);
const asRole = (value: unknown): string | null =>
  typeof value === 'string' && ROLE_VALUES.has(value) ? value : null;

/**
 * The role before and after an event, from its metadata: a role change has both; a member
 * who left or was removed had `role` (before); an invitation offers or grants `role` (after).
 */
export function roleChange(event: Pick<AuditEventRow, 'action' | 'metadata'>): {
  before: string | null;
  after: string | null;
} {
  const m = event.metadata;
  if (event.action === 'member.role_changed')
    return { before: asRole(m.before), after: asRole(m.after) };
  if (event.action === 'member.left' || event.action === 'member.removed')
    return { before: asRole(m.role), after: null };
  if (event.action.startsWith('invitation.')) return { before: null, after: asRole(m.role) };
  return { before: null, after: null };
}
