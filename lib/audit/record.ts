import type { DbOrTx } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { AuditAction } from './labels';

// Domain: audit (lib/audit/). Owns the audit log: writing an event (record.ts, called in the
// transaction that made the change), reading pages of it (queries.ts with its cursor.ts and
// filters.ts), action labels (labels.ts) and the CSV export (csv.ts). May import: db/ and the
// shared helpers only, so that every other domain can record events.

export interface AuditInput {
  accountId: string;
  actorUserId: string | null;
  /** One of the registered actions (labels.ts), so each has its label. */
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  ip?: string | null;
}

/** Writes one audit event; call it with the transaction that made the change. */
export async function recordAudit(db: DbOrTx, event: AuditInput): Promise<void> {
  await recordAudits(db, [event]);
}

/** Writes several audit events in one statement (changes made in bulk). */
export async function recordAudits(db: DbOrTx, events: AuditInput[]): Promise<void> {
  if (!events.length) return;
  await db.insert(auditEvents).values(
    events.map((event) => ({
      accountId: event.accountId,
      actorUserId: event.actorUserId,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      metadata: event.metadata ?? {},
      ip: event.ip ?? null,
    })),
  );
}
