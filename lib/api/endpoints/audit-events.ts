import { z } from 'zod';
import { getDb } from '@/db/client';
import { InvalidCursorError } from '@/lib/audit/cursor';
import { actionLabel } from '@/lib/audit/labels';
import { listAuditEvents, type AuditEventRow } from '@/lib/audit/queries';
import { defineEndpoint } from '../endpoint';
import { ApiError, MESSAGES } from '../errors';
import { limitSchema } from '../pagination';
import { ok } from '../route';
import { pageOf } from '../schemas';

// The account's audit log (Owner, Admin), newest first, with the console's filters.

export const auditEventSchema = z
  .strictObject({
    id: z.uuid(),
    createdAt: z.string().meta({ description: 'ISO 8601, UTC, microseconds.' }),
    action: z.string().meta({ example: 'member.role_changed' }),
    label: z.string().meta({ example: 'Role changed' }),
    actor: z
      .strictObject({ userId: z.uuid(), name: z.string().nullable(), email: z.string().nullable() })
      .nullable(),
    target: z.strictObject({ type: z.string(), id: z.string().nullable() }).nullable(),
    metadata: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });

const present = (e: AuditEventRow): z.output<typeof auditEventSchema> => ({
  id: e.id,
  createdAt: e.createdAt,
  action: e.action,
  label: actionLabel(e.action),
  actor: e.actorUserId ? { userId: e.actorUserId, name: e.actorName, email: e.actorEmail } : null,
  target: e.targetType ? { type: e.targetType, id: e.targetId } : null,
  metadata: e.metadata,
  ip: e.ip,
});

const auditQuery = z.strictObject({
  limit: limitSchema,
  cursor: z.string().max(300).optional(),
  action: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
});

export const listAuditEventsEndpoint = defineEndpoint(
  {
    method: 'GET',
    path: '/audit-events',
    tag: 'Audit log',
    summary: 'List audit events',
    description: 'Who did what in the account, newest first; filter by action or actor.',
    permission: 'audit.view',
    query: auditQuery,
    success: { status: 200, description: 'One page of events.', schema: pageOf(auditEventSchema) },
  },
  async ({ access, query }) => {
    try {
      const result = await listAuditEvents(await getDb(), access.account.id, {
        before: query.cursor,
        limit: query.limit,
        action: query.action,
        actorUserId: query.actorUserId,
      });
      return ok({ data: result.events.map(present), next_cursor: result.nextCursor });
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      throw new ApiError('invalid_request', MESSAGES.invalid, { cursor: [error.message] });
    }
  },
);
