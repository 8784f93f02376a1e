import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { SecretBox } from '../src/webhooks/secret-box.js';
import { claimDueWebhookDeliveries } from '../src/webhooks/webhook-dispatch.js';
import { newTenant, testOrm, uniqueName } from './support.js';

const orm = await testOrm();
const anywhere = { allowPrivateNetworks: true };
const box = new SecretBox(randomBytes(32).toString('base64'));
const retry = { baseMs: 60_000, maxMs: 60_000, maxAttempts: 2 };

async function tenantWithEndpoints() {
  const tenant = await newTenant(orm);
  const [all, deletes] = await tenant.run(async (s) => [
    (
      await s.webhooks.createEndpoint(
        {
          url: 'https://a.example.com/',
          eventTypes: [
            'user.created',
            'user.updated',
            'user.deactivated',
            'user.deleted',
            'group.membership_changed',
          ],
        },
        anywhere,
        box,
      )
    ).endpoint,
    (
      await s.webhooks.createEndpoint(
        { url: 'https://b.example.com/', eventTypes: ['user.deleted'] },
        anywhere,
        box,
      )
    ).endpoint,
  ]);
  return { tenant, all: all!, deletes: deletes! };
}

/** Claim everything due now, across tenants, then keep only this tenant's. */
async function claim(tenantId: string) {
  const claimed = await claimDueWebhookDeliveries(orm, {
    limit: 1000,
    leaseMs: 60_000,
    perEndpoint: 1000,
    busy: new Map(),
  });
  return claimed.filter((c) => c.tenantId === tenantId).map((c) => c.id);
}

describe('webhook deliveries', () => {
  it('are queued in the change’s own transaction, once per subscribed endpoint', async () => {
    const { tenant, all, deletes } = await tenantWithEndpoints();
    const user = await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    await tenant.run((s) => s.users.update(user.id, { title: 'Engineer' }));
    await tenant.run((s) => s.users.update(user.id, { active: false }));
    // A change that rolls back queues nothing.
    await tenant
      .run(async (s) => {
        await s.users.update(user.id, { title: 'Never' });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await tenant.run((s) => s.users.remove(user.id));
    const types = async (endpoint: string) =>
      (await tenant.run((s) => s.webhooks.deliveries(endpoint, { limit: 100 })))
        .map((d) => d.eventType)
        .reverse();
    expect(await types(all.id)).toEqual(['user.created', 'user.updated', 'user.deactivated', 'user.deleted']);
    expect(await types(deletes.id)).toEqual(['user.deleted']);

    // "Test my connection" (a self-check token) changes temporary users: nothing is queued for them.
    const selfCheck = {
      kind: 'idp',
      id: null,
      label: 'Rollcall self-check',
      userScope: 'all_users',
      selfCheck: true,
    };
    await tenant.run((s) => s.users.create({ userName: uniqueName('rollcall-self-check') }), {
      actor: selfCheck as never,
    });
    expect(await types(all.id)).toHaveLength(4);
  });

  it('are claimed once, sent with what the audit event recorded, and retried with back-off until given up', async () => {
    const { tenant, all } = await tenantWithEndpoints();
    const userName = uniqueName();
    const user = await tenant.run((s) => s.users.create({ userName }));
    const ids = await claim(tenant.id);
    expect(ids).toHaveLength(1);
    expect(await claim(tenant.id)).toEqual([]); // leased: not due again
    const jobs = await tenant.run((s) => s.webhooks.forDelivery(ids, box));
    expect(jobs[0]).toMatchObject({
      url: 'https://a.example.com/',
      attempts: 0,
      payload: {
        type: 'user.created',
        data: { object: 'user', id: user.id, changes: { userName: { before: null, after: userName } } },
      },
    });
    expect(jobs[0]!.secrets).toHaveLength(1);
    expect(jobs[0]!.secrets[0]).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const fail = { id: ids[0]!, ok: false, status: 503, error: 'HTTP 503', retryAfterMs: null };
    await tenant.run((s) => s.webhooks.recordAttempts([fail], jobs, retry));
    let [delivery] = await tenant.run((s) => s.webhooks.deliveries(all.id, { limit: 1 }));
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 503,
      lastError: 'HTTP 503',
    });
    const wait = delivery!.nextAttemptAt!.getTime() - Date.now();
    expect(wait).toBeGreaterThan(40_000);
    expect(wait).toBeLessThan(75_000);

    await tenant.run((s) => s.webhooks.retryDelivery(delivery!.id)); // now, not in a minute
    const again = await claim(tenant.id);
    const jobs2 = await tenant.run((s) => s.webhooks.forDelivery(again, box));
    expect(jobs2[0]!.attempts).toBe(1);
    await tenant.run((s) => s.webhooks.recordAttempts([{ ...fail, id: again[0]! }], jobs2, retry));
    [delivery] = await tenant.run((s) => s.webhooks.deliveries(all.id, { limit: 1 }));
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });

    await tenant.run((s) => s.webhooks.retryDelivery(delivery!.id));
    const last = await claim(tenant.id);
    const jobs3 = await tenant.run((s) => s.webhooks.forDelivery(last, box));
    await tenant.run((s) =>
      s.webhooks.recordAttempts(
        [{ ...fail, id: last[0]!, ok: true, status: 204, error: null }],
        jobs3,
        retry,
      ),
    );
    [delivery] = await tenant.run((s) => s.webhooks.deliveries(all.id, { limit: 1 }));
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
    expect(delivery!.deliveredAt).toBeInstanceOf(Date);
  });

  it('give no endpoint more than its share of a dispatcher’s slots', async () => {
    const { tenant, all, deletes } = await tenantWithEndpoints();
    for (let i = 0; i < 6; i++) await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    const user = await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    await tenant.run((s) => s.users.remove(user.id)); // one for `deletes`, and the 8th for `all`
    const claimed = await claimDueWebhookDeliveries(orm, {
      limit: 1000,
      leaseMs: 60_000,
      perEndpoint: 3,
      busy: new Map([[all.id, 1]]), // one of `all` already in flight in this process
    });
    const mine = claimed.filter((c) => c.tenantId === tenant.id);
    expect(mine.filter((c) => c.endpointId === all.id)).toHaveLength(2);
    expect(mine.filter((c) => c.endpointId === deletes.id)).toHaveLength(1);
  });

  it('wait while their endpoint is disabled, and go when it is enabled again', async () => {
    const { tenant, all } = await tenantWithEndpoints();
    await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    await tenant.run((s) => s.webhooks.updateEndpoint(all.id, { enabled: false }, anywhere));
    await tenant.run((s) => s.users.create({ userName: uniqueName() })); // not queued while disabled
    expect(await claim(tenant.id)).toEqual([]);
    const paused = await tenant.run((s) => s.webhooks.deliveries(all.id, { limit: 10 }));
    expect(paused.map((d) => d.status)).toEqual(['paused']);
    await tenant.run((s) => s.webhooks.updateEndpoint(all.id, { enabled: true }, anywhere));
    expect(await claim(tenant.id)).toEqual([paused[0]!.id]);
    // Each change audited before → after; a change to nothing is not a change.
    await tenant.run((s) => s.webhooks.updateEndpoint(all.id, { enabled: true }, anywhere));
    const audited = await tenant.run((s) => s.audit.list({ limit: 10, action: 'webhook.update' }));
    expect(audited.map((e) => e.changes)).toEqual([
      { enabled: { before: false, after: true } },
      { enabled: { before: true, after: false } },
    ]);
  });

  it('are signed with both secrets for a day after a rotation', async () => {
    const { tenant, all } = await tenantWithEndpoints();
    const { secret } = await tenant.run((s) => s.webhooks.rotateSecret(all.id, box));
    await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    const jobs = await tenant.run(async (s) => s.webhooks.forDelivery(await claim(tenant.id), box));
    expect(jobs[0]!.secrets).toHaveLength(2);
    expect(jobs[0]!.secrets[0]).toBe(secret);
    const [endpoint] = await tenant.run((s) => s.webhooks.listEndpoints());
    expect(endpoint!.previousSecretExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
  });

  it('keep signing secrets sealed in the database when the server has a key', async () => {
    const { tenant, all } = await tenantWithEndpoints();
    const { secret } = await tenant.run((s) => s.webhooks.rotateSecret(all.id, box));
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const {
      rows: [row],
    } = await db.query(
      'select secret, previous_secret from webhook_endpoint where tenant_id = $1 and id = $2',
      [tenant.id, all.id],
    );
    await db.end();
    expect(row.secret).toMatch(/^sealed:v1:/);
    expect(row.previous_secret).toMatch(/^sealed:v1:/);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    const ids = await claim(tenant.id);
    // The server's key opens both; another key (or none) opens neither: the delivery fails, saying why.
    const [job] = await tenant.run((s) => s.webhooks.forDelivery(ids, box));
    expect(job).toMatchObject({ secrets: [secret, expect.stringMatching(/^whsec_/)], problem: null });
    const other = new SecretBox(randomBytes(32).toString('base64'));
    const [refused] = await tenant.run((s) => s.webhooks.forDelivery(ids, other));
    expect(refused).toMatchObject({ secrets: [], problem: expect.stringMatching(/was the key changed/) });
    const [keyless] = await tenant.run((s) => s.webhooks.forDelivery(ids, new SecretBox()));
    expect(keyless!.problem).toMatch(/ROLLCALL_SECRETS_KEY is not set/);
  });

  it('refuses endpoint URLs the network policy does not allow, and bad event types', async () => {
    const tenant = await newTenant(orm);
    const strict = { allowPrivateNetworks: false };
    await expect(
      tenant.run((s) =>
        s.webhooks.createEndpoint({ url: 'http://127.0.0.1:9/', eventTypes: ['user.created'] }, strict, box),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/https/) });
    await expect(
      tenant.run((s) =>
        s.webhooks.createEndpoint(
          { url: 'https://hooks.example.com/', eventTypes: ['user.exploded' as 'user.created'] },
          strict,
          box,
        ),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await tenant.run((s) => s.webhooks.listEndpoints())).toEqual([]);
  });

  it('are visible to the dispatcher role only as ids and schedule of pending rows', async () => {
    const { tenant } = await tenantWithEndpoints();
    await tenant.run((s) => s.users.create({ userName: uniqueName() }));
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'rollcall_dispatcher', true)`);
      const { rows } = await client.query(
        `select count(*)::int as n from webhook_delivery where tenant_id = $1`,
        [tenant.id],
      );
      expect(rows[0].n).toBe(1);
      for (const query of [
        'select last_error from webhook_delivery',
        'select url from webhook_endpoint',
        'select changes from audit_event',
        'select count(*) from directory_user',
        `update webhook_delivery set status = 'delivered'`,
      ]) {
        await client.query('savepoint s');
        await expect(client.query(query), query).rejects.toThrow(/permission denied/);
        await client.query('rollback to savepoint s');
      }
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });
});
