import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type MikroORM } from '@rollcall/domain';
import { graphql } from '../support/graphql.js';
import { freshDatabase, startServer, type ServerProcess } from '../support/processes.js';
import { createTenant, newUserName, PATCH, USER } from '../support/scim.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

// Two real server processes dispatch webhooks from one database while SCIM load runs through both;
// the receiver is slow and fails some first attempts, and one process is SIGKILLed with deliveries
// in flight. Every committed provisioning event must still reach the receiver.
describe('webhook delivery under load, with a process killed mid-delivery', () => {
  let databaseUrl: string;
  let orm: MikroORM;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await freshDatabase();
    orm = await openDatabase({ databaseUrl, poolSize: 2 });
    const env = {
      DATABASE_URL: databaseUrl,
      ROLLCALL_CONSOLE_DIR: '/nonexistent',
      ROLLCALL_SCIM_RATE_LIMIT: '0',
      ROLLCALL_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ROLLCALL_WEBHOOK_POLL_MS: '100',
      ROLLCALL_WEBHOOK_TIMEOUT_MS: '1000', // a claim's lease: 2 × 1 s + 5 s
      ROLLCALL_WEBHOOK_RETRY_BASE_MS: '200',
      ROLLCALL_WEBHOOK_RETRY_MAX_MS: '1000',
      ROLLCALL_WEBHOOK_CONCURRENCY: '8',
    };
    servers.push(await startServer(env, { built: true })); // the first one migrates the fresh database
    servers.push(await startServer(env, { built: true }));
  });
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await orm?.close();
  });

  it('delivers every committed event at least once', { timeout: 120_000 }, async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const receiver = await new WebhookReceiver().up();
    receiver.delayMs = 150;
    let distinct = 0;
    receiver.answer = (_hook, attempt) => (attempt === 1 && ++distinct % 4 === 0 ? 500 : 204);

    const tenant = await createTenant(orm);
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'integrator', role: 'owner' }));
    const created = await graphql(a.url)(
      `mutation { createWebhookEndpoint(input: { url: "${receiver.url}/hook", eventTypes: [USER_CREATED, USER_UPDATED] }) { secret } }`,
      {},
      { bearer: key },
    );
    expect(created.errors).toBeUndefined();

    const call = (server: ServerProcess, method: string, path: string, body: unknown) =>
      fetch(`${server.url}/scim/v2/${tenant.slug}${path}`, {
        method,
        headers: { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as any }));

    // 8 workers: each creates a user and retitles it, alternating servers until A is killed.
    let done = 0;
    let inFlightAtKill = -1;
    let killed = false;
    const work = async () => {
      for (let i = 0; i < 25; i++) {
        const server = () => (!killed && (done + i) % 2 === 0 ? a : b);
        try {
          const user = await call(server(), 'POST', '/Users', {
            schemas: [USER],
            userName: newUserName('load'),
          });
          if (user.status === 201)
            await call(server(), 'PATCH', `/Users/${user.body.id}`, {
              schemas: [PATCH],
              Operations: [{ op: 'replace', value: { title: `T${i}` } }],
            });
        } catch {
          // A request to the killed process: unacknowledged, and checked against the database below.
        }
        if (++done === 80) {
          inFlightAtKill = receiver.inProgress;
          killed = true;
          a.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, work));

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(
        `select id from audit_event where tenant_id = $1 and webhook_type is not null`,
        [tenant.id],
      );
      const expected = new Set(rows.map((r) => r.id));
      expect(expected.size).toBeGreaterThan(350); // 200 creates + 200 retitles, but for requests A took down
      await vi.waitFor(() => expect(receiver.accepted('/hook')).toEqual(expected), {
        timeout: 90_000,
        interval: 250,
      });
      // A delivery the receiver answered just as its sender was killed is recorded once its lease runs
      // out and another process sends it again (so the receiver may see it twice).
      await vi.waitFor(
        async () => {
          const { rows: left } = await db.query(
            `select status, count(*)::int as n from webhook_delivery where tenant_id = $1 group by status`,
            [tenant.id],
          );
          expect(left).toEqual([{ status: 'delivered', n: expected.size }]);
        },
        { timeout: 30_000, interval: 250 },
      );
      const attempts = receiver.received.length;
      const redelivered = receiver.received.filter((r) => r.status < 300).length - expected.size;
      console.log(
        `webhooks under load: ${expected.size} events, ${attempts} attempts received ` +
          `(${attempts - expected.size - redelivered} refused by the receiver and retried, ` +
          `${redelivered} accepted twice: answered, but the SIGKILL took the sender before it recorded that), ${inFlightAtKill} in flight at the kill`,
      );
    } finally {
      await db.end();
      await receiver.down();
    }
  });
});
