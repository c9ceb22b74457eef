import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { auditEvents, type Account, type MemberRole } from '@/db/schema';
import { executeAccountAction, type ActionResult } from '@/lib/actions/core';
import { can } from '@/lib/authz/permissions';
import { respondAndRecord } from '@/lib/invitations/respond';
import { DomainError } from '@/lib/errors';
import type { TestUser } from './factories';
import { PIPELINE_ACTIONS, type PipelineEntry } from './registry';
import { buildWorld, snapshotDatabase, type World } from './world';

// The authorization matrix, generated from the registry and the permission table: every
// account action of the registry, called through the action pipeline (as its server action
// does) by an owner, a tech, an admin, an owner of another organization and a signed-out
// caller, on organization A, on the caller's personal account, on another organization and on
// another user's personal account — always naming organization A's objects. The expected
// answer follows from membership and `can` alone; every refusal must leave every table as it
// was, and every success must be audited.

type ActorName = 'owner' | 'tech' | 'admin' | 'outsider' | 'signed out';
type AccountName = 'organization A' | 'own personal' | 'other organization' | 'other personal';
// rate_limited is never expected: a throttle meeting the matrix fails its assertion.
type Expected = 'ok' | 'rejected' | 'unauthenticated' | 'not_found' | 'forbidden' | 'rate_limited';

const ACTORS: ActorName[] = ['owner', 'tech', 'admin', 'outsider', 'signed out'];
const ACCOUNTS: AccountName[] = [
  'organization A',
  'own personal',
  'other organization',
  'other personal',
];

let db: Db;

function actorOf(world: World, name: ActorName): TestUser | null {
  const actors = {
    owner: world.ownerA,
    tech: world.techA,
    admin: world.adminA,
    outsider: world.outsider,
    'signed out': null,
  };
  return actors[name];
}

function accountOf(world: World, actor: TestUser | null, name: AccountName): Account['id'] {
  switch (name) {
    case 'organization A':
      return world.orgA.id;
    case 'other organization':
      return actor === world.outsider ? world.orgA.id : world.orgB.id;
    case 'own personal':
      return (actor ?? world.ownerA).personalAccountId;
    case 'other personal':
      return (actor === world.ownerA ? world.techA : world.ownerA).personalAccountId;
  }
}

/** The caller's role in an account of the world, or null for a non-member. */
function roleIn(world: World, actor: TestUser, accountId: string): MemberRole | null {
  if (accountId === actor.personalAccountId) return 'owner';
  if (accountId === world.orgB.id) return actor === world.outsider ? 'owner' : null;
  if (accountId !== world.orgA.id) return null;
  const roles = new Map<TestUser, MemberRole>([
    [world.ownerA, 'owner'],
    [world.techA, 'tech'],
    [world.adminA, 'admin'],
  ]);
  return roles.get(actor) ?? null;
}

function expected(
  world: World,
  entry: PipelineEntry,
  actor: TestUser | null,
  accountId: string,
): Expected {
  if (!actor) return 'unauthenticated';
  const role = roleIn(world, actor, accountId);
  if (!role) return 'not_found';
  const kind =
    accountId === world.orgA.id || accountId === world.orgB.id ? 'organization' : 'personal';
  if (!can(role, entry.permission, kind)) return 'forbidden';
  // Allowed: naming organization A's objects from another account finds nothing there;
  // resources exist only where funds are (A); some calls on A meet a domain rule instead.
  const { namesObjects, onlyOnA, outcomeOnA } = entry.pipeline;
  if (accountId === world.orgA.id) return outcomeOnA ?? 'ok';
  return namesObjects || onlyOnA ? 'rejected' : 'ok';
}

function call(entry: PipelineEntry, world: World, actor: TestUser | null, accountId: string) {
  return executeAccountAction(entry.pipeline.definition, {
    principal: actor?.principal ?? null,
    accountId,
    input: entry.pipeline.input(world.objectsA),
    ip: '198.51.100.7',
  });
}

function outcomeOf(result: ActionResult): Expected {
  return result.ok ? 'ok' : result.kind === 'invalid' ? ('invalid' as never) : result.kind;
}

/** A refusal says what kind it is and nothing more (no data of the account refused). */
function expectRefusalShape(result: ActionResult) {
  if (result.ok) return;
  if (result.kind === 'rejected') {
    expect(
      Object.keys(result).filter(
        (k) => !['ok', 'kind', 'message', 'field', 'conflict', 'code'].includes(k),
      ),
    ).toEqual([]);
    expect(typeof result.message).toBe('string');
  } else {
    expect(result).toEqual({ ok: false, kind: result.kind });
  }
}

/** Audit events in the whole database (an organization's creation is in the new account). */
const auditCount = async () => (await db.select({ n: count() }).from(auditEvents))[0]!.n;

beforeAll(async () => {
  db = await getDb();
});

describe.each(PIPELINE_ACTIONS.map((entry) => [entry.name, entry] as const))(
  '%s',
  (_name, entry) => {
    let shared: World;

    beforeAll(async () => {
      shared = await buildWorld(db);
    });

    it('every refusal is the one the permission table predicts, and changes nothing', async () => {
      const checked: string[] = [];
      for (const actorName of ACTORS) {
        for (const accountName of ACCOUNTS) {
          const actor = actorOf(shared, actorName);
          const accountId = accountOf(shared, actor, accountName);
          const want = expected(shared, entry, actor, accountId);
          if (want === 'ok') continue;
          const before = await snapshotDatabase(db);
          const result = await call(entry, shared, actor, accountId);
          const label = `${actorName} on ${accountName}`;
          // Another account's object does not exist here: a domain refusal or a plain 404.
          const accepted = want === 'rejected' ? ['rejected', 'not_found'] : [want];
          expect(accepted, label).toContain(outcomeOf(result));
          expectRefusalShape(result);
          expect(await snapshotDatabase(db), `${label} changed the database`).toEqual(before);
          checked.push(label);
        }
      }
      // Every action is refused at least to the signed-out caller and to an outsider.
      expect(checked.length).toBeGreaterThanOrEqual(ACCOUNTS.length + 2);
    });

    it('every call the table allows succeeds and is audited (each on a fresh world)', async () => {
      let successes = 0;
      for (const actorName of ACTORS) {
        for (const accountName of ACCOUNTS) {
          const sharedActor = actorOf(shared, actorName);
          if (
            expected(shared, entry, sharedActor, accountOf(shared, sharedActor, accountName)) !==
            'ok'
          )
            continue;
          const world = await buildWorld(db);
          const actor = actorOf(world, actorName);
          const accountId = accountOf(world, actor, accountName);
          const label = `${actorName} on ${accountName}`;
          const eventsBefore = await auditCount();
          const result = await call(entry, world, actor, accountId);
          expect(outcomeOf(result), `${label}: ${JSON.stringify(result)}`).toBe('ok');
          expect(await auditCount(), `${label} audited`).toBeGreaterThan(eventsBefore);
          successes++;
        }
      }
      // Actions whose allowed calls all meet a domain rule (see the registry) have none.
      if (!entry.pipeline.outcomeOnA) expect(successes).toBeGreaterThan(0);
    });
  },
);

describe('answering an invitation (signed-in, the invited address only)', () => {
  it('only the invitee can accept; everyone else is refused and nothing changes', async () => {
    const world = await buildWorld(db);
    const { invitationId } = world.objectsA;
    for (const user of [world.ownerA, world.techA, world.outsider, world.coOwnerA]) {
      for (const response of ['accepted', 'declined'] as const) {
        const before = await snapshotDatabase(db);
        await expect(
          respondAndRecord(db, { invitationId, user, response, ip: null }),
          user.name,
        ).rejects.toBeInstanceOf(DomainError);
        expect(await snapshotDatabase(db), `${user.name} ${response}`).toEqual(before);
      }
    }
    const accepted = await respondAndRecord(db, {
      invitationId,
      user: world.invitee,
      response: 'accepted',
      ip: null,
    });
    expect(accepted).toMatchObject({ status: 'accepted', accountId: world.orgA.id, role: 'admin' });
  });
});
