import { openDatabase, type MikroORM } from '@rollcall/domain';
import { startTestServer, type TestServer } from '@rollcall/server/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { client, createTenant, USER, type ScimClient } from '../support/scim.js';
import { graphql } from '../support/graphql.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// The database goes away under a running server (its connections are cut and new ones refused), then
// comes back: every request meanwhile is answered quickly with 503 + a protocol error body, nothing
// is written, /readyz says so, and the server recovers by itself.
describe('when the database goes away', () => {
  let proxy: TcpProxy;
  let server: TestServer;
  let orm: MikroORM;
  let scim: ScimClient;
  let apiKey: string;

  beforeAll(async () => {
    proxy = await startTcpProxy(inject('databaseUrl'));
    server = await startTestServer({ databaseUrl: proxy.url, env: { ROLLCALL_DATABASE_TIMEOUT_MS: '2000' } });
    orm = await openDatabase({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
    const { slug, token, run } = await createTenant(orm);
    apiKey = (await run((s) => s.apiKeys.create({ name: 'outage', role: 'admin' }))).key;
    scim = client(`${server.url}/scim/v2/${slug}`, token);
  });
  afterAll(async () => {
    await server?.close();
    await orm?.close();
    await proxy?.close();
  });

  it('answers 503 with a SCIM / GraphQL error, writes nothing, and recovers when it returns', async () => {
    expect((await scim('GET', '/Users')).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await proxy.cut();
    const started = Date.now();
    const create = await scim('POST', '/Users', { schemas: [USER], userName: 'during.outage@acme.test' });
    expect(create.status).toBe(503);
    expect(create.body).toMatchObject({
      status: '503',
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    });
    expect(create.body.detail).toMatch(/database/i);
    expect(Number(create.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await scim('GET', '/Users?filter=userName eq "x"')).status).toBe(503);
    const gql = await graphql(server.url)('{ users(first: 1) { totalCount } }', {}, { bearer: apiKey });
    expect(gql.status).toBe(503);
    expect(gql.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    const readyAsked = Date.now();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(Date.now() - readyAsked).toBeLessThan(1500); // a probe answers within a second or so
    expect(await ready.json()).toEqual({ status: 'database unavailable' });
    // Quickly: bounded by the configured database timeout, not a hang.
    expect(Date.now() - started).toBeLessThan(20_000);
    // The process is alive the whole time.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await proxy.restore();
    let readyStatus = 0;
    for (let i = 0; i < 100 && readyStatus !== 200; i++) {
      readyStatus = (await fetch(`${server.url}/readyz`)).status;
      if (readyStatus !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(readyStatus).toBe(200);
    // Nothing was written while it was away; work goes on.
    expect((await scim('GET', '/Users?filter=userName eq "during.outage@acme.test"')).body.totalResults).toBe(
      0,
    );
    expect(
      (await scim('POST', '/Users', { schemas: [USER], userName: 'after.outage@acme.test' })).status,
    ).toBe(201);
    console.log(
      `database outage: ${Date.now() - started} ms from cut to recovery, 4 requests refused with 503`,
    );
  });
});
