import type { AuditEventRow } from '@/lib/audit/queries';

// The audit actions, each with the label the log shows. This map is the type of
// `AuditInput.action`: an action without a label cannot be recorded (it does not compile).
// Adding an audited action is one line here.
export const AUDIT_ACTIONS = {
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
  'payment.started': 'Payment started',
  'payment.succeeded': 'Payment succeeded',
  'payment.failed': 'Payment failed',
  'api_key.created': 'API key created',
  'api_key.rotated': 'API key rotated',
  'api_key.revoked': 'API key revoked',
  'payment.replayed': 'Payment attempt repeated',
  'payment.event_rejected': 'Payment event rejected',
  'instance.created': 'Instance created',
  'instance.started': 'Instance started',
  'instance.stopped': 'Instance stopped',
  'instance.rebooted': 'Instance rebooted',
  'instance.deleted': 'Instance deleted',
  'bucket.created': 'Bucket created',
  'bucket.deleted': 'Bucket deleted',
  'account.low_balance_threshold_changed': 'Low-balance threshold changed',
  'payment.refunded': 'Payment refunded',
  'payment.dispute_opened': 'Card dispute opened',
  'payment.dispute_won': 'Card dispute won',
  'payment.dispute_lost': 'Card dispute lost',
  'payment.dispute_inquiry': 'Card dispute inquiry',
  'payment.dispute_closed': 'Card dispute closed',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The label of a stored action (one no longer registered shows as stored). */
export function actionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
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

/** A one-line summary of what the metadata says (changed fields, new name). */
export function eventDetail(event: Pick<AuditEventRow, 'action' | 'metadata'>): string | null {
  const m = event.metadata;
  if (event.action === 'account.details_updated' && m.changes && typeof m.changes === 'object') {
    const fields = Object.keys(m.changes);
    return fields.length ? `Changed: ${fields.map(humanize).join(', ')}` : 'No change';
  }
  if (event.action === 'organization.created' && typeof m.name === 'string') return m.name;
  return null;
}

/** The account details form's own labels, for "Changed: …". */
const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  billingName: 'company or legal name',
  billingAddressLine1: 'address',
  billingAddressLine2: 'address line 2',
  billingPostalCode: 'postal code',
  billingCity: 'city',
  billingCountry: 'country',
  billingVatNumber: 'VAT number',
  billingEmail: 'billing email',
};

function humanize(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
}
