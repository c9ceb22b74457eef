import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { executeAccountAction } from '@/lib/actions/core';
import { listAuditEvents } from '@/lib/audit/queries';
import { auditQuerySchema } from '@/lib/audit/filters';
import { listMembers } from '@/lib/members/members';
import { anyInput, anyValue, formString, mutatedInput } from './fuzz-arbitraries';
import { PIPELINE_ACTIONS } from './registry';
import { buildWorld, snapshotDatabase, type World } from './world';

// Property-based tests over every account action of the registry, through the one pipeline,
// on a real database: whatever the input, the pipeline answers with a result (a thrown error
// would be a 500 for input a user can type), and every input it does not accept leaves every
// table as it was. The caller is an owner of the organization, who may do everything, so the
// input alone decides. Runs are few per action (each one reads the whole database twice); the
// pure schema fuzz (test/fuzz-schemas.test.ts) runs thousands.

const RUNS_PER_ACTION = Number(process.env.FUZZ_RUNS ?? 60);

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

describe.each(PIPELINE_ACTIONS.map((entry) => [entry.name, entry] as const))(
  '%s under fuzzed input',
  (_name, entry) => {
    it('never throws; every refused input changes nothing', async () => {
      // A world of its own: an accepted input may change it (leave, remove, revoke).
      const world = await buildWorld(db);
      const valid = entry.pipeline.input(world.objectsA);
      // Where the owner may run it: organizations are created from the personal account.
      const accountId =
        entry.permission === 'organization.create' ? world.ownerA.personalAccountId : world.orgA.id;
      const input = fc.oneof(
        { weight: 3, arbitrary: mutatedInput(valid, true) },
        { weight: 2, arbitrary: mutatedInput(valid) },
        { weight: 1, arbitrary: anyInput },
      );
      const untouchable = () => accountColumnsNoFormWrites(db, accountId);
      const columnsBefore = await untouchable();
      let refused = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const before = await snapshotDatabase(db);
          const result = await executeAccountAction(entry.pipeline.definition, {
            principal: world.ownerA.principal,
            accountId,
            input: value,
            ip: null,
          });
          if (result.ok) {
            accepted++;
            // Smuggled fields (balance, status, kind, …) never reach the account row.
            if (entry.permission !== 'billing.manage')
              expect(await untouchable()).toEqual(columnsBefore);
            return;
          }
          refused++;
          // Access answers only once an accepted input changed who the caller is (left).
          // An object the input names that is not the account's is answered as not found.
          // A costly action's limit (new organizations) is met only after acceptances.
          const expectedKinds = [
            'invalid',
            'rejected',
            ...(accepted || entry.pipeline.namesObjects ? ['not_found'] : []),
            ...(accepted ? ['rate_limited'] : []),
          ];
          expect(expectedKinds).toContain(result.kind);
          expect(await snapshotDatabase(db)).toEqual(before);
        }),
        { numRuns: RUNS_PER_ACTION },
      );
      expect(refused).toBeGreaterThan(0);
    });
  },
);

/** The account columns no form may write: a payment changes balance and status, nothing else. */
async function accountColumnsNoFormWrites(db: Db, accountId: string) {
  const { rows } = await db.execute(
    sql`select kind, status, balance, currency, personal_owner_id from accounts where id = ${accountId}`,
  );
  return rows;
}

describe('URL parameters that reach a query', () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(db);
  });

  it('the audit log filters: parsed or refused, and a parsed one queries without error', async () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    // Cursors of the right shape with any digits (month 13, year 0000, hour 24 …).
    const cursorLike = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(6), fc.uuid())
      .map(([y, mo, d, h, mi, s, us, id]) =>
        Buffer.from(`${y}-${mo}-${d}T${h}:${mi}:${s}.${us}Z|${id}`).toString('base64url'),
      );
    const param = fc.oneof(anyValue, cursorLike);
    const params = fc.record(
      { action: anyValue, actor: anyValue, before: param, after: param },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(params, async (raw) => {
        const parsed = auditQuerySchema.safeParse(raw);
        if (!parsed.success) return;
        const page = await listAuditEvents(db, world.orgA.id, {
          action: parsed.data.action,
          actorUserId: parsed.data.actor,
          before: parsed.data.before,
          after: parsed.data.after,
        });
        expect(Array.isArray(page.events)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('the member search and page answer for any text', async () => {
    await fc.assert(
      fc.asyncProperty(formString, fc.integer({ min: -5, max: 100_000 }), async (query, page) => {
        const { members } = await listMembers(db, world.orgA.id, { query, page });
        expect(Array.isArray(members)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
