import type { AuditEventRow } from '@/lib/audit/queries';
import { roleChange } from '@/lib/audit/labels';

// ---------------------------------------------------------------------------
// CSV (RFC 4180: CRLF line ends, fields with " , CR or LF quoted, quotes doubled).
// ---------------------------------------------------------------------------

export const AUDIT_CSV_HEADER = [
  'time',
  'actor name',
  'actor email',
  'action',
  'target type',
  'target id',
  'before role',
  'after role',
  'ip',
  'metadata',
] as const;

/**
 * One CSV field. A cell starting with = + - @ TAB or CR is prefixed with a single quote so a
 * spreadsheet shows it as text instead of evaluating it (CSV formula injection).
 */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditEventCsvRow(event: AuditEventRow): string {
  const { before, after } = roleChange(event);
  return [
    event.createdAt,
    event.actorName,
    event.actorEmail,
    event.action,
    event.targetType,
    event.targetId,
    before,
    after,
    event.ip,
    JSON.stringify(event.metadata ?? {}),
  ]
    .map(csvField)
    .join(',');
}

export const AUDIT_CSV_HEADER_LINE = AUDIT_CSV_HEADER.map(csvField).join(',');

export function auditEventsToCsv(events: AuditEventRow[]): string {
  return [AUDIT_CSV_HEADER_LINE, ...events.map(auditEventCsvRow)].map((l) => `${l}\r\n`).join('');
}
