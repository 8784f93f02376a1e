import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from '@rollcall/server/testing';
import { openDatabase, type MikroORM } from '@rollcall/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { client, createTenant } from '../support/scim.js';

const limits = {
  ROLLCALL_RATE_LIMIT_WINDOW_SECONDS: '600',
  ROLLCALL_SCIM_RATE_LIMIT: '30',
  ROLLCALL_GRAPHQL_RATE_LIMIT: '8',
  ROLLCALL_RATE_LIMIT_SYNC_MS: '100',
};

// Two servers on one database stand for two processes behind a load balancer: each has its own
// in-memory counters, and only PostgreSQL joins them.
describe('rate limits per SCIM token and per GraphQL principal, across processes', () => {
  let a: TestServer;
  let b: TestServer;
  let orm: MikroORM;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startTestServer({ databaseUrl: inject('databaseUrl'), env: limits }),
      startTestServer({ databaseUrl: inject('databaseUrl'), env: limits }),
    ]);
    orm = await openDatabase({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await orm?.close();
  });

  async function tenant() {
    const { slug, token, run } = await createTenant(orm);
    const { key } = await run((s) => s.apiKeys.create({ name: 'limits', role: 'admin' }));
    return { slug, token, key };
  }

  it('a token gets its window of requests over both processes, then 429 + Retry-After with a SCIM error', async () => {
    const { slug, token } = await tenant();
    const viaA = client(`${a.url}/scim/v2/${slug}`, token);
    const viaB = client(`${b.url}/scim/v2/${slug}`, token);
    for (let i = 0; i < 20; i++) expect((await viaA('GET', '/Users?count=1')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // A shares its count (every 100 ms here)

    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await viaB('GET', '/Users?count=1')).status);
    const acceptedByB = statuses.filter((s) => s === 200).length;
    expect(acceptedByB).toBe(10); // 30 per window in all: B knew A had used 20
    expect(statuses.slice(acceptedByB).every((s) => s === 429)).toBe(true);

    await new Promise((r) => setTimeout(r, 300)); // and learns B's
    const refused = await viaA('GET', '/Users?count=1');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
    });
    expect(refused.body.detail).toMatch(/at most 30 per 600 s/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);

    // Another tenant's token is not affected; an unknown token is refused as unknown, not counted.
    const other = await tenant();
    expect((await client(`${b.url}/scim/v2/${other.slug}`, other.token)('GET', '/Users')).status).toBe(200);
    const madeUp = client(`${b.url}/scim/v2/${slug}`, 'rc_scim_nope');
    for (let i = 0; i < 3; i++) expect((await madeUp('GET', '/Users')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300)); // a sync or two later, still nothing shared for it
    const digest = createHash('sha256').update('rc_scim_nope').digest('hex');
    const [row] = await orm.em
      .fork()
      .execute('select count(*)::int as n from rate_limit where key = ?', [`scim:${digest}`]);
    expect(row?.n).toBe(0);
    console.log(
      `rate limit: 20 via A + ${acceptedByB} via B accepted of 30; ${20 - acceptedByB + 1} refused with 429`,
    );
  });

  it('an API key gets its window of GraphQL requests, then 429 with TOO_MANY_REQUESTS', async () => {
    const { key } = await tenant();
    const results = [];
    for (let i = 0; i < 10; i++) {
      const server = i % 2 === 0 ? a : b;
      results.push(await graphql(server.url)('{ scimSettings { enabled } }', {}, { bearer: key }));
      await new Promise((r) => setTimeout(r, 150)); // longer than a sync interval
    }
    const accepted = results.filter((r) => r.status === 200 && !r.errors).length;
    expect(accepted).toBe(8);
    const refused = results.at(-1)!;
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

// Near the limit every request syncs with PostgreSQL. That must never wait for a connection the
// request itself holds: a burst larger than the pool (5 in test servers) once deadlocked here until
// the database timeout.
describe('a burst near the limit, larger than the connection pool', () => {
  let server: TestServer;
  let orm: MikroORM;
  beforeAll(async () => {
    server = await startTestServer({
      databaseUrl: inject('databaseUrl'),
      env: {
        ROLLCALL_RATE_LIMIT_WINDOW_SECONDS: '600',
        ROLLCALL_SCIM_RATE_LIMIT: '100',
        ROLLCALL_DATABASE_TIMEOUT_MS: '120000',
      },
    });
    orm = await openDatabase({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
  });
  afterAll(async () => {
    await server?.close();
    await orm?.close();
  });

  it(
    'admits exactly the limit and refuses the rest, without waiting on itself',
    { timeout: 30_000 },
    async () => {
      const { slug, token } = await createTenant(orm);
      const scim = client(`${server.url}/scim/v2/${slug}`, token);
      const statuses = await Promise.all(
        Array.from({ length: 150 }, () => scim('GET', '/Users?count=1').then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200).length).toBe(100);
      expect(statuses.filter((s) => s === 429).length).toBe(50);
    },
  );
});
