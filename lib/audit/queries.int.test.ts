import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { auditEvents, type Account } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { auditEventsToCsv } from '@/lib/audit/csv';
import { InvalidCursorError, decodeCursor, encodeCursor } from '@/lib/audit/cursor';
import {
  listAuditActions,
  listAuditActors,
  listAuditEvents,
  type AuditEventRow,
  type AuditListOptions,
} from '@/lib/audit/queries';
import { createUser, insertOrganization, type TestUser } from '@/test/factories';

// The audit log reader on a real database (PGlite, and a PostgreSQL server with
// DATABASE_URL): filters, keyset pagination with ties on created_at, account isolation.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

interface EventSpec {
  action: string;
  actorUserId: string | null;
  createdAt: string;
  metadata?: Record<string, unknown>;
  targetType?: string;
  targetId?: string;
}

async function insertEvents(accountId: string, specs: EventSpec[]) {
  if (!specs.length) return [];
  return db
    .insert(auditEvents)
    .values(
      specs.map((s) => ({
        accountId,
        actorUserId: s.actorUserId,
        action: s.action,
        metadata: s.metadata ?? {},
        targetType: s.targetType ?? null,
        targetId: s.targetId ?? null,
        ip: '203.0.113.9',
        createdAt: sql`${s.createdAt}::timestamptz`,
      })) as never,
    )
    .returning({ id: auditEvents.id });
}

/** Walks every page from the first, returning the ids in the order shown. */
async function walk(accountId: string, options: AuditListOptions, pageSize: number) {
  const ids: string[] = [];
  let before: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listAuditEvents(db, accountId, { ...options, before, limit: pageSize });
    ids.push(...page.events.map((e) => e.id));
    if (!page.nextCursor) return ids;
    before = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** The expected order, computed independently by the database. */
async function expectedOrder(accountId: string, where = sql`true`) {
  const result = await db.execute<{ id: string }>(sql`
    select id from audit_events where account_id = ${accountId} and ${where}
     order by created_at desc, id desc`);
  return result.rows.map((r) => r.id);
}

describe('audit log', () => {
  let org: Account;
  let other: Account;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;

  beforeAll(async () => {
    [alice, bob, eve] = [
      await createUser(db, 'Alice'),
      await createUser(db, 'Bob'),
      await createUser(db, 'Eve Elsewhere'),
    ];
    [org, other] = await Promise.all([
      insertOrganization(
        db,
        [
          [alice, 'owner'],
          [bob, 'admin'],
        ],
        'Audited',
      ),
      insertOrganization(db, [[eve, 'owner']], 'Neighbour'),
    ]);
    const actions = ['account.details_updated', 'member.role_changed', 'invitation.created'];
    const specs: EventSpec[] = [];
    // 95 events over 20 distinct microsecond timestamps: many ties on created_at, and
    // timestamps that differ only below the millisecond (which a JS Date cannot tell apart).
    for (let i = 0; i < 95; i++) {
      const second = String(Math.floor(i / 10)).padStart(2, '0');
      const micros = i % 10 < 5 ? '000001' : '000002';
      specs.push({
        action: actions[i % 3]!,
        actorUserId: i % 7 === 0 ? null : i % 2 ? alice.id : bob.id,
        createdAt: `2026-03-01T10:00:${second}.${micros}Z`,
        metadata:
          actions[i % 3] === 'member.role_changed' ? { before: 'tech', after: 'admin' } : {},
        targetType: 'user',
        targetId: bob.id,
      });
    }
    await insertEvents(org.id, specs);
    // The neighbour: same actions and timestamps, other actors and a private action.
    await insertEvents(other.id, [
      ...specs.slice(0, 30).map((s) => ({ ...s, actorUserId: eve.id })),
      { action: 'payment.failed', actorUserId: eve.id, createdAt: '2026-03-01T10:00:05.000001Z' },
    ]);
  });

  it('walks every event exactly once, newest first, with ties on created_at', async () => {
    const expected = await expectedOrder(org.id);
    expect(expected).toHaveLength(95);
    for (const pageSize of [1, 7, 10, 50, 95, 200]) {
      const ids = await walk(org.id, {}, pageSize);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
    }
  });

  it('returns rows with actor, target, microsecond time and metadata', async () => {
    const { events, nextCursor, prevCursor } = await listAuditEvents(db, org.id, { limit: 95 });
    expect(nextCursor).toBeNull();
    expect(prevCursor).toBeNull();
    expect(events[0]!.createdAt).toBe('2026-03-01T10:00:09.000001Z');
    const byAlice = events.find((e) => e.actorUserId === alice.id)!;
    expect(byAlice).toMatchObject({ actorName: 'Alice', actorEmail: alice.email });
    expect(byAlice).toMatchObject({ targetType: 'user', targetName: 'Bob', ip: '203.0.113.9' });
    // An event without an actor (system, or a deleted user) still appears (left join).
    const system = events.filter((e) => e.actorUserId === null);
    expect(system.length).toBeGreaterThan(0);
    expect(system[0]).toMatchObject({ actorName: null, actorEmail: null });
    const roleChange = events.find((e) => e.action === 'member.role_changed')!;
    expect(roleChange.metadata).toEqual({ before: 'tech', after: 'admin' });
  });

  it('filters by action, by actor and by both, across pages', async () => {
    const cases: Array<[AuditListOptions, ReturnType<typeof sql>]> = [
      [{ action: 'member.role_changed' }, sql`action = 'member.role_changed'`],
      [{ actorUserId: alice.id }, sql`actor_user_id = ${alice.id}`],
      [
        { action: 'invitation.created', actorUserId: bob.id },
        sql`action = 'invitation.created' and actor_user_id = ${bob.id}`,
      ],
    ];
    for (const [options, where] of cases) {
      const expected = await expectedOrder(org.id, where);
      expect(expected.length).toBeGreaterThan(5);
      expect(await walk(org.id, options, 4)).toEqual(expected);
      const { events } = await listAuditEvents(db, org.id, { ...options, limit: 200 });
      for (const event of events) {
        if (options.action) expect(event.action).toBe(options.action);
        if (options.actorUserId) expect(event.actorUserId).toBe(options.actorUserId);
      }
    }
    expect((await listAuditEvents(db, org.id, { action: 'payment.failed' })).events).toEqual([]);
    expect((await listAuditEvents(db, org.id, { actorUserId: eve.id })).events).toEqual([]);
  });

  it('pages back to newer events with the "after" cursor', async () => {
    const expected = await expectedOrder(org.id);
    const first = await listAuditEvents(db, org.id, { limit: 10 });
    const second = await listAuditEvents(db, org.id, { limit: 10, before: first.nextCursor! });
    const third = await listAuditEvents(db, org.id, { limit: 10, before: second.nextCursor! });
    expect(third.events.map((e) => e.id)).toEqual(expected.slice(20, 30));
    const back = await listAuditEvents(db, org.id, { limit: 10, after: third.prevCursor! });
    expect(back.events.map((e) => e.id)).toEqual(expected.slice(10, 20));
    expect(back.prevCursor).not.toBeNull();
    // Paging back past the newest event shows the real first page.
    const top = await listAuditEvents(db, org.id, { limit: 10, after: back.prevCursor! });
    expect(top.events.map((e) => e.id)).toEqual(expected.slice(0, 10));
    expect(top.prevCursor).toBeNull();
  });

  it("never shows another account's events, even with its cursor", async () => {
    const ours = new Set(await expectedOrder(org.id));
    const theirs = await expectedOrder(other.id);
    const all = await walk(org.id, {}, 13);
    expect(all.every((id) => ours.has(id))).toBe(true);
    expect(all.some((id) => theirs.includes(id))).toBe(false);
    const theirFirst = await listAuditEvents(db, other.id, { limit: 3 });
    const mixed = await listAuditEvents(db, org.id, { before: theirFirst.nextCursor!, limit: 500 });
    expect(mixed.events.every((e) => ours.has(e.id))).toBe(true);
    expect(await listAuditActions(db, org.id)).not.toContain('payment.failed');
    expect((await listAuditActors(db, org.id)).map((a) => a.id)).not.toContain(eve.id);
  });

  it('rejects a tampered cursor with a clear error, not a database error', async () => {
    const good = (await listAuditEvents(db, org.id, { limit: 5 })).nextCursor!;
    const bad = Buffer.from(`${decodeCursor(good)!.createdAt}|1' or '1'='1`).toString('base64url');
    await expect(listAuditEvents(db, org.id, { before: bad })).rejects.toThrow(InvalidCursorError);
    await expect(listAuditEvents(db, org.id, { after: 'not-a-cursor!' })).rejects.toThrow(
      /page link is invalid/,
    );
    // A well-formed cursor that matches no event still pages correctly from that point.
    const gap = encodeCursor({ createdAt: '2026-03-01T10:00:05.000000Z', id: randomUUID() });
    const page = await listAuditEvents(db, org.id, { before: gap, limit: 200 });
    expect(page.events.every((e) => e.createdAt < '2026-03-01T10:00:05.000000Z')).toBe(true);
    expect(page.events).toHaveLength(50);
  });

  it('lists the distinct actions and actors for the filters', async () => {
    expect(await listAuditActions(db, org.id)).toEqual([
      'account.details_updated',
      'invitation.created',
      'member.role_changed',
    ]);
    expect(await listAuditActors(db, org.id)).toEqual([
      { id: alice.id, name: 'Alice', email: alice.email },
      { id: bob.id, name: 'Bob', email: bob.email },
    ]);
    const empty = await insertOrganization(db);
    expect(await listAuditActions(db, empty.id)).toEqual([]);
    expect(await listAuditActors(db, empty.id)).toEqual([]);
  });

  it('reads events written by recordAudit and exports them as CSV', async () => {
    const fresh = await insertOrganization(db, [], 'CSV Org');
    await db.transaction(async (tx) => {
      await recordAudit(tx, {
        accountId: fresh.id,
        actorUserId: alice.id,
        action: 'account.details_updated',
        targetType: 'account',
        targetId: fresh.id,
        metadata: { changes: { name: { before: 'Old, "quoted"', after: '=HYPERLINK("x")' } } },
        ip: '198.51.100.4',
      });
      await recordAudit(tx, {
        accountId: fresh.id,
        actorUserId: alice.id,
        action: 'member.role_changed',
        targetType: 'user',
        targetId: bob.id,
        metadata: { before: 'tech', after: 'owner' },
        ip: '198.51.100.4',
      });
    });
    const { events } = await listAuditEvents(db, fresh.id);
    expect(events.map((e) => e.action).sort()).toEqual([
      'account.details_updated',
      'member.role_changed',
    ]);
    const csv = auditEventsToCsv(events);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const roleLine = lines.find((l) => l.includes('member.role_changed'))!;
    expect(roleLine).toContain(
      `Alice,${alice.email},member.role_changed,user,${bob.id},tech,owner,198.51.100.4,`,
    );
    expect(csv).toContain('""before"":""Old, \\""quoted\\""""');
    expect(events.every((e: AuditEventRow) => /\.\d{6}Z$/.test(e.createdAt))).toBe(true);
  });
});
