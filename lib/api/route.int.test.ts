import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { revokeApiKeyDefinition } from '@/lib/api-keys/actions';
import { generateApiSecret } from '@/lib/api-keys/secrets';
import { basicAuth, call, issueKey, type KeyPair } from '@/test/api';
import { actAs, auditEventsOf, createTeam, expectOk } from '@/test/factories';
import { defineEndpoint } from './endpoint';
import { getAccount, updateAccount } from './endpoints/account';

// The route door over real endpoints and a real database: credentials (401 for every bad
// one, never 500), the rate limit with its headers, validation, and Idempotency-Key.

let db: Db;

beforeAll(async () => {
  db = await getDb();
});

afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

async function team() {
  const { org, users } = await createTeam(db, 'Owner', ['Tech', 'tech'], ['Admin', 'admin']);
  const [owner, tech, admin] = users;
  return {
    org,
    owner,
    keys: {
      owner: await issueKey(owner, org.id),
      tech: await issueKey(tech, org.id),
      admin: await issueKey(admin, org.id),
    },
  };
}

function expectError(result: { status: number; body: unknown }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe('authentication', () => {
  it('a valid pair reads its own account, with the rate-limit headers', async () => {
    const { org, keys } = await team();
    const result = await call(getAccount, { pair: keys.tech });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: org.id, role: 'tech', balance: { currency: 'CHF' } });
    expect(result.headers.get('ratelimit-limit')).toBe('600');
    expect(Number(result.headers.get('ratelimit-remaining'))).toBe(599);
    expect(Number(result.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(result.headers.get('cache-control')).toBe('no-store');
  });

  it('every missing, malformed, unknown or dead credential gets 401 with the challenge', async () => {
    const { org, owner, keys } = await team();
    const wrongSecret: KeyPair = { key: keys.owner.key, secret: generateApiSecret() };
    const unknownKey: KeyPair = { key: `ALPK${'B'.repeat(24)}`, secret: keys.owner.secret };
    const cases: Array<[string, string | undefined]> = [
      ['no header', undefined],
      ['bearer', `Bearer ${keys.owner.secret}`],
      ['garbage base64', 'Basic !!!!'],
      ['no colon', `Basic ${Buffer.from(keys.owner.key + keys.owner.secret).toString('base64')}`],
      [
        'non-ASCII',
        `Basic ${Buffer.from(`${keys.owner.key}:é${keys.owner.secret.slice(1)}`).toString('base64')}`,
      ],
      ['NUL bytes', `Basic ${Buffer.from(`${keys.owner.key}:\0`).toString('base64')}`],
      ['huge', `Basic ${'A'.repeat(100_000)}`],
      ['wrong secret', basicAuth(wrongSecret)],
      ['unknown key', basicAuth(unknownKey)],
    ];
    for (const [name, authorization] of cases) {
      const result = await call(getAccount, { authorization: authorization ?? '' });
      expect(result.status, name).toBe(401);
      expectError(result, 401, 'unauthenticated');
      expect(result.headers.get('www-authenticate'), name).toMatch(/^Basic realm="Alpenglow API"/);
    }
    // Credentials in the query string are not credentials.
    const query = await call(getAccount, {
      query: { key: keys.owner.key, secret: keys.owner.secret },
    });
    expect(query.status).toBe(401);

    expectOk(await actAs(owner, revokeApiKeyDefinition, org.id, {}, null));
    expectError(await call(getAccount, { pair: keys.owner }), 401, 'unauthenticated');
  });
});

describe('validation and permissions', () => {
  it('PATCH /account: admin edits, tech is refused, account ids and unknown fields are 400', async () => {
    const { org, keys } = await team();
    const changed = await call(updateAccount, { pair: keys.admin, body: { billingCity: 'Bern' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ billingCity: 'Bern', name: org.name });

    const refused = await call(updateAccount, { pair: keys.tech, body: { billingCity: 'Basel' } });
    expectError(refused, 403, 'forbidden');
    const other = await call(updateAccount, {
      pair: keys.admin,
      body: { accountId: randomUUID(), billingCity: 'Basel' },
    });
    expectError(other, 400, 'invalid_request');
    expect(other.body).toMatchObject({
      error: { fields: { _form: [expect.stringMatching(/accountId/)] } },
    });
    const bad = await call(updateAccount, { pair: keys.admin, body: { billingCountry: 'XX' } });
    expectError(bad, 400, 'invalid_request');
    expect(bad.body).toMatchObject({ error: { fields: { billingCountry: [expect.any(String)] } } });
    const notJson = await call(updateAccount, { pair: keys.admin, rawBody: '{"billingCity":' });
    expectError(notJson, 400, 'invalid_request');
    const unknownQuery = await call(getAccount, { pair: keys.admin, query: { accountId: org.id } });
    expectError(unknownQuery, 400, 'invalid_request');

    expect((await call(getAccount, { pair: keys.owner })).body).toMatchObject({
      billingCity: 'Bern',
    });
    expect(await auditEventsOf(db, org.id, 'account.details_updated')).toHaveLength(1);
  });
});

describe('rate limit', () => {
  it('refuses the request past the per-key limit with 429 and Retry-After; keys are counted apart', async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = '3';
    const { keys } = await team();
    for (let i = 0; i < 3; i++)
      expect((await call(getAccount, { pair: keys.tech })).status).toBe(200);
    const limited = await call(getAccount, { pair: keys.tech });
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await call(getAccount, { pair: keys.admin })).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('same key and body replays; a different body is 409; parallel requests run once', async () => {
    const { org, keys } = await team();
    const key = randomUUID();
    const headers = { 'idempotency-key': key };
    const first = await call(updateAccount, {
      pair: keys.owner,
      headers,
      body: { billingCity: 'Chur' },
    });
    expect(first.status).toBe(200);
    const again = await call(updateAccount, {
      pair: keys.owner,
      headers,
      body: { billingCity: 'Chur' },
    });
    expect(again).toMatchObject({ status: 200, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await call(updateAccount, {
      pair: keys.owner,
      headers,
      body: { billingCity: 'Thun' },
    });
    expectError(other, 409, 'conflict');
    const badKey = await call(updateAccount, {
      pair: keys.owner,
      headers: { 'idempotency-key': 'with space' },
      body: { billingCity: 'Thun' },
    });
    expectError(badKey, 400, 'invalid_request');

    const parallelKey = { 'idempotency-key': randomUUID() };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(updateAccount, {
          pair: keys.owner,
          headers: parallelKey,
          body: { billingCity: 'Sion' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    const cities = (await auditEventsOf(db, org.id, 'account.details_updated')).filter((e) =>
      JSON.stringify(e.metadata).includes('Sion'),
    );
    expect(cities).toHaveLength(1);
  });
});

describe('failures', () => {
  it('a crash is a 500 with the error body, and nothing logged carries the credentials', async () => {
    const { keys } = await team();
    const broken = defineEndpoint(
      {
        method: 'GET',
        path: '/broken',
        tag: 'Test',
        summary: 'Always fails',
        permission: 'account.view',
        success: { status: 200, description: 'Never.' },
        errors: [],
      },
      async () => {
        throw new Error('boom');
      },
    );
    const logged: string[] = [];
    const capture = (...args: unknown[]) =>
      void logged.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(capture),
    );
    try {
      const response = await broken.handle(
        new Request('http://127.0.0.1/api/v1/broken', {
          headers: { authorization: basicAuth(keys.owner) },
        }),
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { code: 'internal', message: expect.any(String) },
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logged.join('\n')).toContain('boom');
    for (const secret of [keys.owner.secret, basicAuth(keys.owner).slice(6)]) {
      expect(logged.join('\n')).not.toContain(secret);
    }
  });
});
