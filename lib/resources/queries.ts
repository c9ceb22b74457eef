import { and, desc, eq, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { buckets, instances, type Bucket, type Instance } from '@/db/schema';

// The console's and the API's lists: newest first, keyset pagination on (created_at, id)
// descending (the accounts' list indexes), with an opaque cursor.

export const RESOURCE_PAGE_SIZE = 50;

export interface ResourcePage<T> {
  items: T[];
  /** Pass back as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  createdAt: Date;
  id: string;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

export function encodeResourceCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

/** null for anything this module did not produce (the caller shows the first page). */
export function decodeResourceCursor(raw: string | undefined | null): Cursor | null {
  if (!raw || raw.length > 120 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  const match = CURSOR.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match) return null;
  const createdAt = new Date(match[1]!);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}

/** Rows strictly after the cursor in (created_at desc, id desc) order. */
function after(table: typeof instances | typeof buckets, cursor: Cursor | null) {
  if (!cursor) return undefined;
  return or(
    lt(table.createdAt, cursor.createdAt),
    and(eq(table.createdAt, cursor.createdAt), lt(table.id, cursor.id)),
  );
}

function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeResourceCursor(last) : null };
}

export async function listInstances(
  db: DbOrTx,
  accountId: string,
  options: { after?: string | null; limit?: number } = {},
): Promise<ResourcePage<Instance>> {
  const limit = Math.min(Math.max(options.limit ?? RESOURCE_PAGE_SIZE, 1), 200);
  const rows = await db
    .select()
    .from(instances)
    .where(
      and(
        eq(instances.accountId, accountId),
        ne(instances.state, 'deleted'),
        after(instances, decodeResourceCursor(options.after)),
      ),
    )
    .orderBy(desc(instances.createdAt), desc(instances.id))
    .limit(limit + 1);
  return page(rows, limit);
}

export async function listBuckets(
  db: DbOrTx,
  accountId: string,
  options: { after?: string | null; limit?: number } = {},
): Promise<ResourcePage<Bucket>> {
  const limit = Math.min(Math.max(options.limit ?? RESOURCE_PAGE_SIZE, 1), 200);
  const rows = await db
    .select()
    .from(buckets)
    .where(
      and(
        eq(buckets.accountId, accountId),
        eq(buckets.state, 'active'),
        after(buckets, decodeResourceCursor(options.after)),
      ),
    )
    .orderBy(desc(buckets.createdAt), desc(buckets.id))
    .limit(limit + 1);
  return page(rows, limit);
}

/** How many instances and buckets count against the account's quotas. */
export async function resourceCounts(db: DbOrTx, accountId: string) {
  const [row] = await db
    .select({
      instances: sql<number>`(select count(*)::int from ${instances}
        where ${instances.accountId} = ${accountId}
          and ${notInArray(instances.state, ['destroying', 'deleted'])})`,
      buckets: sql<number>`(select count(*)::int from ${buckets}
        where ${buckets.accountId} = ${accountId} and ${buckets.state} = 'active')`,
    })
    .from(sql`(select 1) as one`);
  return { instances: Number(row?.instances ?? 0), buckets: Number(row?.buckets ?? 0) };
}

/** One of the account's live instances, or null (another account's id is simply not found). */
export async function getInstance(
  db: DbOrTx,
  accountId: string,
  id: string,
): Promise<Instance | null> {
  const [row] = await db
    .select()
    .from(instances)
    .where(
      and(eq(instances.accountId, accountId), eq(instances.id, id), ne(instances.state, 'deleted')),
    );
  return row ?? null;
}

/** One of the account's live buckets, or null. */
export async function getBucket(db: DbOrTx, accountId: string, id: string): Promise<Bucket | null> {
  const [row] = await db
    .select()
    .from(buckets)
    .where(and(eq(buckets.accountId, accountId), eq(buckets.id, id), eq(buckets.state, 'active')));
  return row ?? null;
}
