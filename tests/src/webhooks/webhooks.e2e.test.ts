import { randomBytes } from 'node:crypto';
import { openDatabase, type MikroORM } from '@rollcall/domain';
import { startTestServer, type TestServer } from '@rollcall/server/testing';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeOf, graphql, type GraphQLCaller } from '../support/graphql.js';
import { freshDatabase } from '../support/processes.js';
import { client, createTenant, GROUP, newUserName, PATCH, scimTestServer, USER } from '../support/scim.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

// A database of this file's own: the dispatcher serves every tenant of its database.
const env = {
  ROLLCALL_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  ROLLCALL_WEBHOOK_POLL_MS: '50',
  ROLLCALL_WEBHOOK_TIMEOUT_MS: '2000',
  ROLLCALL_WEBHOOK_RETRY_BASE_MS: '100',
  ROLLCALL_WEBHOOK_RETRY_MAX_MS: '1000',
  ROLLCALL_WEBHOOK_MAX_ATTEMPTS: '1000',
  ROLLCALL_METRICS_TOKEN: 'webhook-metrics-token',
  ROLLCALL_SECRETS_KEY: randomBytes(32).toString('base64'), // signing secrets sealed (under-load runs without)
};
let databaseUrl: string;
let server: TestServer;
let orm: MikroORM;
beforeAll(async () => {
  databaseUrl = await freshDatabase();
  server = await startTestServer({ databaseUrl, env, webhooks: true });
  orm = await openDatabase({ databaseUrl, poolSize: 2 });
});
afterAll(async () => {
  await server?.close();
  await orm?.close();
});

/** How long deliveries may take to arrive (retries included), polled every 100 ms. */
const arrival = { timeout: 30_000, interval: 100 };

const allTypes = [
  'USER_CREATED',
  'USER_UPDATED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'USER_DELETED',
  'USER_TAKEN_OVER',
  'GROUP_CREATED',
  'GROUP_UPDATED',
  'GROUP_DELETED',
  'GROUP_MEMBERSHIP_CHANGED',
];

/** A tenant with SCIM on, an owner API key, and helpers to add endpoints and read their logs. */
async function integrator() {
  const tenant = await createTenant(orm);
  const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'integrator', role: 'owner' }));
  const owner: GraphQLCaller = { bearer: key };
  const gql = graphql(server.url);
  const scim = client(`${server.url}/scim/v2/${tenant.slug}`, tenant.token);
  return {
    tenant,
    scim,
    gql: (query: string, variables: Record<string, unknown> = {}) => gql(query, variables, owner),
    async addEndpoint(url: string, eventTypes = allTypes) {
      const r = await gql(
        `mutation($input: CreateWebhookEndpointInput!) {
           createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled } } }`,
        { input: { url, eventTypes } },
        owner,
      );
      expect(r.errors).toBeUndefined();
      return r.data.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
    },
    async deliveries(endpointId: string) {
      const r = await gql(
        `query($id: ID!) { webhookDeliveries(endpointId: $id, first: 1000) {
           id eventId eventType status attempts lastStatus lastError deliveredAt payload } }`,
        { id: endpointId },
        owner,
      );
      expect(r.errors).toBeUndefined();
      return r.data.webhookDeliveries as {
        eventId: string;
        eventType: string;
        status: string;
        attempts: number;
        lastStatus: number | null;
        lastError: string | null;
        payload: unknown;
      }[];
    },
  };
}

/** The audit events of a tenant that are provisioning events: what must reach a subscribed receiver. */
async function provisioningEventIds(tenantId: string): Promise<Set<string>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `select id from audit_event where tenant_id = $1 and webhook_type is not null`,
      [tenantId],
    );
    return new Set(rows.map((r) => r.id));
  } finally {
    await db.end();
  }
}

/** Verify with the Standard Webhooks reference library, as an integrator would; returns the payload. */
const verified = (secret: string, hook: { body: string; headers: Record<string, string> }) =>
  new Webhook(secret).verify(hook.body, hook.headers) as { type: string; data: Record<string, any> };

describe('webhooks', () => {
  it('deliver every provisioning event, signed, to the endpoints subscribed to it', async () => {
    const receiver = await new WebhookReceiver().up();
    const { tenant, scim, addEndpoint, deliveries } = await integrator();
    const all = await addEndpoint(`${receiver.url}/all`);
    const deletes = await addEndpoint(`${receiver.url}/deletes`, ['USER_DELETED']);
    const consoleUser = newUserName('console');
    await tenant.run((s) => s.users.create({ userName: consoleUser })); // 1 user.created

    const created = await scim('POST', '/Users', { schemas: [USER], userName: newUserName('alice') });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const patch = (value: Record<string, unknown>) =>
      scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value }] });
    expect((await patch({ title: 'Engineer' })).status).toBe(200);
    expect((await patch({ active: false })).status).toBe(200);
    expect((await patch({ active: true })).status).toBe(200);
    expect((await scim('POST', '/Users', { schemas: [USER], userName: consoleUser })).status).toBe(201);
    const group = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Webhook Team',
      members: [{ value: id }],
    });
    expect(group.status).toBe(201);
    const removed = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
    });
    expect(removed.status).toBe(204);
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);

    const expected = await provisioningEventIds(tenant.id);
    expect(expected.size).toBe(10);
    await vi.waitFor(() => expect(receiver.accepted('/all')).toEqual(expected), arrival);
    await vi.waitFor(() => expect(receiver.accepted('/deletes').size).toBe(1), arrival);

    const payloads = receiver.received
      .filter((r) => r.path === '/all')
      .map((hook) => verified(all.secret, hook))
      .sort((a, b) => a.data['eventId'].localeCompare(b.data['eventId']));
    expect(payloads.map((p) => p.type)).toEqual([
      'user.created',
      'user.created',
      'user.updated',
      'user.deactivated',
      'user.reactivated',
      'user.taken_over',
      'group.created',
      'group.membership_changed',
      'group.membership_changed',
      'user.deleted',
    ]);
    const byType = (type: string) => payloads.filter((p) => p.type === type);
    expect(byType('user.deactivated')[0]!.data).toMatchObject({
      object: 'user',
      id,
      tenant: { id: tenant.id, slug: tenant.slug },
      actor: { kind: 'idp' },
      changes: { active: { before: true, after: false } },
    });
    expect(byType('group.membership_changed').map((p) => [p.data['added'], p.data['removed']])).toEqual([
      [[id], []],
      [[], [id]],
    ]);
    const [deleted] = receiver.received.filter((r) => r.path === '/deletes');
    expect(verified(deletes.secret, deleted!).type).toBe('user.deleted');

    // The signature covers id, timestamp and body: a changed byte, or another endpoint's secret, fails.
    const hook = receiver.received.find((r) => r.path === '/all')!;
    expect(() => verified(all.secret, { ...hook, body: hook.body.replace('"user', '"User') })).toThrow();
    expect(() => verified(deletes.secret, hook)).toThrow();
    expect(hook.headers['user-agent']).toMatch(/^Rollcall-Webhooks\//);

    // The dispatcher records each outcome just after the receiver answers: wait for the last one.
    const done = (d: { status: string }) => d.status === 'DELIVERED';
    await vi.waitFor(async () => expect((await deliveries(all.endpoint.id)).every(done)).toBe(true), arrival);
    const log = await deliveries(all.endpoint.id);
    expect(log).toHaveLength(10);
    expect(log.every((d) => d.status === 'DELIVERED' && d.attempts === 1 && d.lastStatus === 204)).toBe(true);
    // The log shows exactly the body the receiver got.
    for (const hook of receiver.received.filter((r) => r.path === '/all'))
      expect(log.find((d) => d.eventId === hook.headers['webhook-id'])!.payload).toEqual(
        JSON.parse(hook.body),
      );

    // Operators see the attempts in /metrics.
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: `Bearer ${env.ROLLCALL_METRICS_TOKEN}` },
    }).then((r) => r.text());
    const delivered = /^rollcall_webhook_attempts_total\{result="delivered"\} (\d+)$/m.exec(metrics);
    expect(Number(delivered?.[1])).toBeGreaterThanOrEqual(11);
    expect(metrics).toMatch(/^rollcall_webhook_deliveries_in_flight \d+$/m);
    await receiver.down();
  });

  it('lose nothing while the receiver is down or failing: retries back off, the log shows why', async () => {
    const receiver = await new WebhookReceiver().up();
    const { tenant, scim, addEndpoint, deliveries } = await integrator();
    const endpoint = await addEndpoint(`${receiver.url}/hook`, ['USER_CREATED']);
    await receiver.down(); // connection refused
    for (let i = 0; i < 20; i++)
      expect((await scim('POST', '/Users', { schemas: [USER], userName: newUserName('down') })).status).toBe(
        201,
      );
    const expected = await provisioningEventIds(tenant.id);
    expect(expected.size).toBe(20);
    const whileDown = await vi.waitFor(async () => {
      const log = await deliveries(endpoint.endpoint.id);
      expect(log.every((d) => d.status === 'PENDING' && d.attempts >= 3)).toBe(true);
      return log;
    }, arrival);
    expect(whileDown[0]!.lastError).toMatch(/ECONNREFUSED/);
    expect(whileDown[0]!.lastStatus).toBeNull();

    // Back, but answering 503 to each event's first three attempts there.
    receiver.answer = (_hook, attempt) => (attempt <= 3 ? 503 : 204);
    await receiver.up();
    await vi.waitFor(() => expect(receiver.accepted('/hook')).toEqual(expected), arrival);
    await vi.waitFor(
      async () =>
        expect((await deliveries(endpoint.endpoint.id)).every((d) => d.status === 'DELIVERED')).toBe(true),
      arrival,
    );
    const log = await deliveries(endpoint.endpoint.id);
    expect(log.every((d) => d.status === 'DELIVERED' && d.lastStatus === 204 && d.attempts >= 7)).toBe(true);

    // Back-off: the waits between one event's attempts grow (base 100 ms, doubling, ±20 %, max 1 s).
    const id = [...expected][0]!;
    const times = receiver.received.filter((r) => r.headers['webhook-id'] === id).map((r) => r.at);
    expect(times).toHaveLength(4);
    const waits = times.slice(1).map((t, i) => t - times[i]!);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(0.8 * 100 * 2 ** 3 - 10);
    await receiver.down();
  });

  it('give a receiver that hangs no more than half of the slots: other tenants’ events still flow', async () => {
    const hanging = await new WebhookReceiver().up();
    hanging.delayMs = 5000; // past the sender's 2 s timeout: every attempt fails slowly
    const a = await integrator();
    await a.addEndpoint(`${hanging.url}/slow`, ['USER_CREATED']);
    for (let i = 0; i < 30; i++) await a.tenant.run((s) => s.users.create({ userName: newUserName('slow') }));
    await vi.waitFor(() => expect(hanging.open).toBe(10), arrival); // half of ROLLCALL_WEBHOOK_CONCURRENCY (20)

    const healthy = await new WebhookReceiver().up();
    const b = await integrator();
    await b.addEndpoint(`${healthy.url}/ok`, ['USER_CREATED']);
    await b.tenant.run((s) => s.users.create({ userName: newUserName('fast') }));
    await vi.waitFor(() => expect(healthy.accepted('/ok').size).toBe(1), arrival);
    expect(hanging.maxOpen).toBe(10); // never more, though 30 were due
    await Promise.all([hanging.down(), healthy.down()]);
  });

  it('an admin can pause an endpoint, send a test event, rotate the secret and redeliver', async () => {
    const receiver = await new WebhookReceiver().up();
    const { scim, gql, addEndpoint, deliveries } = await integrator();
    const endpoint = await addEndpoint(`${receiver.url}/hook`, ['USER_CREATED']);
    const id = endpoint.endpoint.id;
    const off = await gql(
      'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { enabled } }',
      { id },
    );
    expect(off.data.updateWebhookEndpoint.enabled).toBe(false);
    // While disabled, events are not queued for it; a test event waits.
    await scim('POST', '/Users', { schemas: [USER], userName: newUserName('unseen') });
    const test = await gql('mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id status } }', { id });
    expect(test.data.sendTestWebhook.status).toBe('PAUSED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toEqual([]);
    expect((await deliveries(id)).map((d) => [d.eventType, d.status])).toEqual([['webhook.test', 'PAUSED']]);

    await gql('mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: true }) { enabled } }', {
      id,
    });
    await vi.waitFor(() => expect(receiver.received.map((r) => r.status)).toEqual([204]), arrival);
    await scim('POST', '/Users', { schemas: [USER], userName: newUserName('seen') });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2), arrival);
    const rotated = await gql('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id });
    const retried = await gql('mutation($id: ID!) { retryWebhookDelivery(id: $id) { status } }', {
      id: test.data.sendTestWebhook.id,
    });
    expect(retried.data.retryWebhookDelivery.status).toBe('PENDING');
    await vi.waitFor(() => expect(receiver.received).toHaveLength(3), arrival);
    const [first, created, again] = receiver.received;
    expect(verified(endpoint.secret, first!).type).toBe('webhook.test');
    expect(verified(endpoint.secret, created!).type).toBe('user.created');
    expect(again!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    // Redelivered: same webhook-id; signed by the new secret and, for a day, the old one too.
    expect(again!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verified(rotated.data.rotateWebhookSecret.secret, again!).type).toBe('webhook.test');
    expect(verified(endpoint.secret, again!).type).toBe('webhook.test');
    await receiver.down();
  });
});

describe('webhook endpoints where the server does not allow private networks', () => {
  const { newTenant, state } = scimTestServer(); // the default: https and public addresses only
  it.each([
    ['http://hooks.example.com/in', /https/],
    ['https://127.0.0.1:8443/in', /not a public address/],
    ['https://169.254.169.254/latest/meta-data', /not a public address/],
    ['https://localhost./in', /not a public address/],
  ])('refuses %s with a clear error and stores nothing', async (url, message) => {
    const tenant = await newTenant();
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'owner', role: 'owner' }));
    const r = await graphql(state.server.url)(
      'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, eventTypes: [USER_CREATED] }) { secret } }',
      { url },
      { bearer: key },
    );
    expect(codeOf(r)).toBe('VALIDATION');
    expect(r.errors![0]!.message).toMatch(message);
    expect(await tenant.run((s) => s.webhooks.listEndpoints())).toEqual([]);
  });
});
