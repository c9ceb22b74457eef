import { getDb } from '@/db/client';
import { AccessError, checkAccess } from '@/lib/authz/access';
import {
  AUDIT_CSV_HEADER_LINE,
  AUDIT_EXPORT_CAP,
  auditEventCsvRow,
  auditQuerySchema,
  describeQueryError,
  listAuditEvents,
  searchParamsToObject,
} from '@/lib/audit-log';
import { getPrincipal } from '@/lib/session';
import { auditExportLimits, enforceLimits, RateLimitedError } from '@/lib/security/throttle';

export const dynamic = 'force-dynamic';

const STATUS = { unauthenticated: 401, not_found: 404, forbidden: 403 } as const;
const MESSAGE = {
  unauthenticated: 'Sign in to export the audit log.',
  not_found: 'Not found.',
  forbidden: 'Your role in this account does not include the audit log.',
} as const;
/** Rows fetched per query while streaming (keyset pages, so each costs the same). */
const CHUNK = 1000;

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

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
export async function GET(
  request: Request,
  { params }: { params: Promise<{ accountId: string }> },
): Promise<Response> {
  const { accountId } = await params;
  let account, user;
  try {
    ({ account, user } = await checkAccess(await getPrincipal(), accountId, 'audit.view'));
  } catch (error) {
    if (error instanceof AccessError) return text(STATUS[error.reason], MESSAGE[error.reason]);
    throw error;
  }
  const parsed = auditQuerySchema.safeParse(
    searchParamsToObject(new URL(request.url).searchParams),
  );
  if (!parsed.success) return text(400, describeQueryError(parsed.error));
  const { action, actor } = parsed.data;
  const db = await getDb();
  try {
    await enforceLimits(db, 'audit exports', auditExportLimits(user.id, account.id));
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const refused = text(429, error.message);
    refused.headers.set('Retry-After', String(error.retryAfterSeconds));
    return refused;
  }
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

  const date = new Date().toISOString().slice(0, 10);
  const filename = `alpenglow-audit-${slug(account.name, account.id.slice(0, 8))}-${date}.csv`;
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
