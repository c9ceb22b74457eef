import { accountRoute, REFUSAL_STATUS, textResponse } from '@/lib/actions';
import { AUDIT_CSV_HEADER_LINE, auditEventCsvRow } from '@/lib/audit/csv';
import { auditQuerySchema, describeQueryError, searchParamsToObject } from '@/lib/audit/filters';
import { AUDIT_EXPORT_CAP, listAuditEvents } from '@/lib/audit/queries';
import { formatIsoDay } from '@/lib/dates';
import { auditExportLimits, enforceLimits } from '@/lib/security/throttle';

export const dynamic = 'force-dynamic';

const MESSAGE = {
  unauthenticated: 'Sign in to export the audit log.',
  not_found: 'Not found.',
  forbidden: 'Your role in this account does not include the audit log.',
} as const;
/** Rows fetched per query while streaming (keyset pages, so each costs the same). */
const CHUNK = 1000;

/** A filename-safe ASCII form of the account name (the id when nothing is left). */
function slug(name: string, fallback: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || fallback;
}

/**
 * GET: the audit log as CSV — the same filters as the page (action, actor; page cursors are
 * ignored: the export is the whole filtered view), newest first, at most AUDIT_EXPORT_CAP rows,
 * streamed in keyset chunks so memory stays flat.
 */
export const GET = accountRoute<{ accountId: string }>(
  'audit.view',
  async ({ request, access: { account, user }, db }) => {
    const parsed = auditQuerySchema.safeParse(
      searchParamsToObject(new URL(request.url).searchParams),
    );
    if (!parsed.success) return textResponse(400, describeQueryError(parsed.error));
    const { action, actor } = parsed.data;
    // Each export streams up to AUDIT_EXPORT_CAP rows: limited per user and per account
    // (a refusal is a 429 with Retry-After, answered by the route door).
    await enforceLimits(db, 'audit exports', auditExportLimits(user.id, account.id));
    const encoder = new TextEncoder();
    let cursor: string | null | undefined;
    let sent = 0;

    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${AUDIT_CSV_HEADER_LINE}\r\n`));
      },
      async pull(controller) {
        try {
          const page = await listAuditEvents(db, account.id, {
            action,
            actorUserId: actor,
            before: cursor ?? undefined,
            limit: Math.min(CHUNK, AUDIT_EXPORT_CAP - sent),
          });
          sent += page.events.length;
          if (page.events.length) {
            controller.enqueue(
              encoder.encode(page.events.map((e) => `${auditEventCsvRow(e)}\r\n`).join('')),
            );
          }
          cursor = page.nextCursor;
          if (!cursor || sent >= AUDIT_EXPORT_CAP) controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });

    const date = formatIsoDay(new Date());
    const filename = `alpenglow-audit-${slug(account.name, account.id.slice(0, 8))}-${date}.csv`;
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'private, no-store',
      },
    });
  },
  { refuse: (reason) => textResponse(REFUSAL_STATUS[reason], MESSAGE[reason]) },
);
