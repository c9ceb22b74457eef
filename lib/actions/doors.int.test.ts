import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import type { Principal } from '@/lib/authz/access';
import { DomainError } from '@/lib/errors';
import { changeRoleDefinition } from '@/lib/members/actions';
import { createTeam, createUser, roleOf, type TestUser } from '@/test/factories';
import { executeUserAction } from './core';
import { routeDoor } from './route';

// The doors of the one pipeline: a route handler never runs for a caller the access check
// refuses, answers each refusal with its one status, and changes things through the same
// core as the forms; a user action parses, checks who asks and maps refusals like the others.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

/** A route for `audit.view` whose caller is `as`; the handler reports what it saw. */
function auditRoute(as: TestUser | null) {
  return routeDoor<{ accountId: string }>(
    'audit.view',
    async ({ access, params }) =>
      Response.json({ account: access.account.id, role: access.role, param: params.accountId }),
    { principal: async (): Promise<Principal | null> => as?.principal ?? null },
  );
}

const call = (route: ReturnType<typeof auditRoute>, accountId: string) =>
  route(new Request(`http://localhost/a/${accountId}/x`), {
    params: Promise.resolve({ accountId }),
  });

describe('routeDoor', () => {
  it('runs the handler for a member whose role has the permission', async () => {
    const {
      org,
      users: [owner],
    } = await createTeam(db, 'Owner');
    const response = await call(auditRoute(owner), org.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ account: org.id, role: 'owner', param: org.id });
  });

  it('answers 401, 404 and 403 without running the handler', async () => {
    const {
      org,
      users: [, tech],
    } = await createTeam(db, 'Owner', ['Tech', 'tech']);
    const stranger = await createUser(db, 'Stranger');
    expect((await call(auditRoute(null), org.id)).status).toBe(401);
    expect((await call(auditRoute(stranger), org.id)).status).toBe(404);
    expect((await call(auditRoute(stranger), 'not-a-uuid')).status).toBe(404);
    expect((await call(auditRoute(tech), org.id)).status).toBe(403);
  });

  it('runs an action definition through the core on its own account', async () => {
    const {
      org,
      users: [owner, admin],
    } = await createTeam(db, 'Owner', ['Admin', 'admin']);
    const route = routeDoor<{ accountId: string }>(
      'members.manage',
      async ({ run }) => {
        const result = await run(changeRoleDefinition, { userId: admin.id, role: 'tech' });
        return Response.json(result.ok ? { message: result.outcome.message } : result, {
          status: result.ok ? 200 : 422,
        });
      },
      { principal: async () => owner.principal },
    );
    const response = await route(new Request('http://localhost/'), {
      params: Promise.resolve({ accountId: org.id }),
    });
    expect(response.status).toBe(200);
    expect(await roleOf(db, org.id, admin.id)).toBe('tech');
  });
});

describe('executeUserAction', () => {
  const schema = z.object({ word: z.string().min(1) });

  it('refuses a signed-out caller and invalid input before running', async () => {
    let ran = 0;
    const run = async () => {
      ran++;
      return { message: 'ran' };
    };
    expect(await executeUserAction(schema, run, { user: null, input: {}, ip: null })).toEqual({
      ok: false,
      kind: 'unauthenticated',
    });
    const user = await createUser(db);
    expect(
      await executeUserAction(schema, run, { user, input: { word: '' }, ip: null }),
    ).toMatchObject({ ok: false, kind: 'invalid', fieldErrors: { word: expect.any(Array) } });
    expect(ran).toBe(0);
  });

  it('returns the outcome and its data, and turns a DomainError into a rejection', async () => {
    const user = await createUser(db);
    const ok = await executeUserAction(
      schema,
      async ({ word }, context) => ({ message: word, data: context.user.id }),
      { user, input: { word: 'hello' }, ip: null },
    );
    expect(ok).toMatchObject({ ok: true, outcome: { message: 'hello', data: user.id } });
    const refused = await executeUserAction(
      schema,
      async () => {
        throw new DomainError('No.', 'word');
      },
      { user, input: { word: 'x' }, ip: null },
    );
    expect(refused).toEqual({ ok: false, kind: 'rejected', message: 'No.', field: 'word' });
  });
});
