import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@rollcall/domain';
import { freshDatabase, scimCalls, startServer, type ServerProcess } from '../support/processes.js';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer.js';
import { createTenant, PATCH, USER } from '../support/scim.js';
import { graphql } from '../support/graphql.js';

// Rollcall behind PgBouncer in transaction pooling mode (Debian's 1.18): processes start together
// through the pooler on an empty database, later starts do not wait on a lock left behind, and SCIM
// works through it. PgBouncer 1.18 does not carry named prepared statements across server
// connections, so they are off (DATABASE_PREPARED_STATEMENTS=false, as README says).
describe('behind PgBouncer (transaction pooling)', () => {
  const servers: ServerProcess[] = [];
  let bouncer: PgBouncer | undefined;
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await bouncer?.stop();
  });

  it('three processes starting together on an empty database all come up, and so does a fourth later', async () => {
    const direct = await freshDatabase();
    bouncer = await startPgBouncer(direct);
    const env = {
      DATABASE_URL: bouncer.url,
      DATABASE_PREPARED_STATEMENTS: 'false',
      DATABASE_POOL_SIZE: '4',
      ROLLCALL_CONSOLE_DIR: '/nonexistent',
      ROLLCALL_MIGRATION_LOCK_TIMEOUT_MS: '20000',
      ROLLCALL_PRUNE_INTERVAL_SECONDS: '1',
      ROLLCALL_METRICS_TOKEN: 'bouncer-metrics-token',
    };
    const started = await Promise.allSettled([1, 2, 3].map(() => startServer(env, { built: true })));
    for (const result of started) {
      if (result.status === 'rejected') throw result.reason;
      servers.push(result.value);
    }
    for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // A lock left on a pooled server connection would make this start wait forever.
    const later = Date.now();
    const fourth = await startServer(env, { built: true });
    servers.push(fourth);
    expect(Date.now() - later).toBeLessThan(15_000);

    // SCIM through every process, through the pooler: writes (pipelined), reads, a group.
    const orm = await openDatabase({ databaseUrl: direct, poolSize: 1 });
    try {
      const tenant = await createTenant(orm);
      const call = scimCalls(tenant);
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const server = servers[i % servers.length]!;
          const created = await call(server, 'POST', '/Users', {
            schemas: [USER],
            userName: `pooled-${i}@bouncer.test`,
          });
          const patched = await call(server, 'PATCH', `/Users/${created.body?.id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', path: 'title', value: `Title ${i}` }],
          });
          const read = await call(server, 'GET', `/Users/${created.body?.id}`);
          return [created.status, patched.status, read.status, read.body?.title === `Title ${i}`];
        }),
      );
      expect(answers.filter(([c, p, r, ok]) => c !== 201 || p !== 200 || r !== 200 || !ok)).toEqual([]);
      const list = await call(servers[0]!, 'GET', '/Users?count=1');
      expect(list.body.totalResults).toBe(40);

      // GraphQL through the pooler too (the ORM's transactions): a mutation and a read, on every process.
      const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'pooled', role: 'admin' }));
      for (const [i, server] of servers.entries()) {
        const gql = graphql(server.url);
        const made = await gql(
          'mutation($input: CreateUserInput!) { createUser(input: $input) { id userName } }',
          { input: { userName: `console-${i}@bouncer.test` } },
          { bearer: key },
        );
        expect(made.errors).toBeUndefined();
        const read = await gql('{ users(first: 1) { totalCount } }', {}, { bearer: key });
        expect(read.data.users.totalCount).toBe(41 + i);
      }

      // The data lifecycle through the pooler: the pruners take turns by the lease and measure usage,
      // /metrics reads it as rollcall_monitor (a role set per transaction), and the workspace archive
      // streams from one long read-only transaction.
      const scrape = async (server: ServerProcess) =>
        (
          await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer bouncer-metrics-token' } })
        ).text();
      const usersOf = new RegExp(`rollcall_tenant_rows\\{tenant="${tenant.slug}",kind="user"\\} (\\d+)`);
      await expect
        .poll(async () => usersOf.exec(await scrape(servers[3]!))?.[1], { timeout: 20_000 })
        .toBe(String(40 + servers.length));
      const { key: ownerKey } = await tenant.run((s) => s.apiKeys.create({ name: 'owner', role: 'owner' }));
      const archive = await fetch(`${servers[1]!.url}/api/export/workspace`, {
        headers: { authorization: `Bearer ${ownerKey}` },
      });
      expect(archive.status).toBe(200);
      const lines = (await archive.text()).trimEnd().split('\n');
      expect(JSON.parse(lines.at(-1)!).rows.directory_user).toBe(40 + servers.length);
    } finally {
      await orm.close();
    }
  });
});
