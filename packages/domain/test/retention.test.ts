import { describe, expect, it } from 'vitest';
import { SecretBox } from '../src/webhooks/secret-box.js';
import { pruneOnce } from '../src/retention/prune.js';
import { instanceUsage, pruneRuns } from '../src/retention/usage.js';
import { newTenant, testOrm, uniqueName, sql } from './support.js';

// Retention (issue 19): records older than their tenant's period are pruned, nothing newer is lost.
const orm = await testOrm();
const defaults = { requestLogDays: 30, webhookDays: 30, auditDays: 400 };

const count = async (table: string, tenantId: string, where = 'true') =>
  Number(
    (
      await sql<{ n: string }>(`select count(*) as n from ${table} where tenant_id = $1 and ${where}`, [
        tenantId,
      ])
    )[0]!.n,
  );

/**
 * 90 days of a 10k-user tenant's traffic, in SQL with backdated timestamps: the initial load (3 requests
 * a user, 90 days ago), an Entra cycle every 40 minutes (5 probe requests each) and 200 requests and
 * 20 changes a day.
 */
async function ninetyDays() {
  const tenant = await newTenant(orm);
  const { endpoint } = await tenant.run((s) =>
    s.webhooks.createEndpoint(
      { url: 'https://hooks.example.com/rollcall', eventTypes: ['user.created'] },
      { allowPrivateNetworks: false },
      new SecretBox(),
    ),
  );
  await sql(
    `insert into scim_request_log (tenant_id, id, at, method, path, status)
     select $1, gen_random_uuid(), now() - (g * interval '432 seconds'), 'GET', '/Users', 200
       from generate_series(0, 17999) g`,
    [tenant.id],
  );
  await sql(
    `insert into directory_user (tenant_id, id, user_name, origin, managed_by, created_at)
     select $1::uuid, gen_random_uuid(), 'user-' || g, 'idp', 'idp', now() - interval '90 days'
       from generate_series(1, 10000) g`,
    [tenant.id],
  );
  await sql(
    `insert into scim_request_log (tenant_id, id, at, method, path, status)
     select $1::uuid, gen_random_uuid(), now() - interval '90 days' + (g * interval '100 ms'),
            (array['GET', 'POST', 'PATCH'])[g % 3 + 1], '/Users', 200
       from generate_series(0, 29999) g
     union all
     select $1::uuid, gen_random_uuid(), now() - (c * interval '40 minutes') - (p * interval '1 second'), 'GET',
            '/Users?filter=userName eq "probe"', 200
       from generate_series(0, 3239) c, generate_series(1, 5) p`,
    [tenant.id],
  );
  await sql(
    `insert into audit_event (tenant_id, id, at, actor_kind, actor_label, action, target_type)
     select $1, gen_random_uuid(), now() - (g * interval '72 minutes'), 'idp', 'Okta', 'user.update', 'user'
       from generate_series(0, 1799) g`,
    [tenant.id],
  );
  // A delivery per change: delivered, failed or (the oldest ones too) still pending.
  await sql(
    `insert into webhook_delivery (tenant_id, endpoint_id, event_id, event_type, status, last_attempt_at)
     select e.tenant_id, $2, e.id, 'user.updated',
            case when row_number() over (order by e.at) % 10 = 0 then 'pending'
                 when row_number() over (order by e.at) % 10 = 1 then 'failed' else 'delivered' end, e.at
       from audit_event e where e.tenant_id = $1 and e.action = 'user.update'`,
    [tenant.id, endpoint.id],
  );
  return tenant;
}

describe('retention', () => {
  it('prunes 90 days of traffic to the windows, a tenant’s own period included, nothing newer lost', async () => {
    const a = await ninetyDays();
    const b = await ninetyDays();
    // Tenant b keeps its request log 7 days and its audit trail 60.
    await b.run((s) => s.retention.update({ requestLogDays: 7, auditDays: 60 }, defaults));
    const recentA = await count('scim_request_log', a.id, `at > now() - interval '29 days'`);
    const recentB = await count('audit_event', b.id, `at > now() - interval '59 days'`);
    const recentLogB = await count('scim_request_log', b.id, `at > now() - interval '6 days'`);
    const pendingOld = await count(
      'webhook_delivery',
      a.id,
      `status = 'pending' and last_attempt_at < now() - interval '31 days'`,
    );

    const deleted = await pruneOnce(orm, { holder: uniqueName('test'), defaults, batch: 500 });
    expect(deleted).not.toBeNull();

    // a: defaults (30 / 30 / 400 days).
    expect(await count('scim_request_log', a.id, `at < now() - interval '30 days'`)).toBe(0);
    expect(await count('scim_request_log', a.id, `at > now() - interval '29 days'`)).toBe(recentA);
    expect(await count('audit_event', a.id, `action = 'user.update'`)).toBe(1800);
    expect(
      await count(
        'webhook_delivery',
        a.id,
        `status <> 'pending' and last_attempt_at < now() - interval '30 days'`,
      ),
    ).toBe(0);
    expect(
      await count(
        'webhook_delivery',
        a.id,
        `status = 'pending' and last_attempt_at < now() - interval '31 days'`,
      ),
    ).toBe(pendingOld);
    // b: its own periods; the audit events past 60 days took their deliveries with them.
    expect(await count('scim_request_log', b.id, `at < now() - interval '7 days'`)).toBe(0);
    expect(await count('scim_request_log', b.id, `at > now() - interval '6 days'`)).toBe(recentLogB);
    expect(await count('audit_event', b.id, `at < now() - interval '60 days'`)).toBe(0);
    expect(await count('audit_event', b.id, `at > now() - interval '59 days'`)).toBe(recentB);
    expect(await count('webhook_delivery', b.id, `last_attempt_at < now() - interval '60 days'`)).toBe(0);
    expect(deleted!.request_log).toBeGreaterThanOrEqual(
      2 * (18000 + 30000 + 16200) -
        (await count('scim_request_log', a.id)) -
        (await count('scim_request_log', b.id)),
    );

    // Then each tenant's usage was measured: its rows (only its own) and its share of each table's size.
    const usage = Object.fromEntries((await a.run((s) => s.retention.usage())).map((u) => [u.kind, u]));
    expect(usage['user']?.rows).toBe(10000);
    expect(usage['request_log']?.rows).toBe(await count('scim_request_log', a.id));
    expect(usage['audit_event']?.rows).toBe(await count('audit_event', a.id));
    expect(usage['webhook_delivery']?.rows).toBe(await count('webhook_delivery', a.id));
    expect(usage['request_log']!.bytes).toBeGreaterThan(usage['request_log']!.rows * 50);
    expect(Date.now() - usage['user']!.measuredAt.getTime()).toBeLessThan(60_000);
    const instance = await instanceUsage(orm);
    const ofTenant = (slug: string, kind: string) =>
      instance.tenants.find((t) => t.tenant === slug && t.kind === kind);
    expect(ofTenant(a.slug, 'user')?.rows).toBe(10000);
    expect(ofTenant(b.slug, 'request_log')?.rows).toBe(await count('scim_request_log', b.id));
    const total = instance.totals.find((t) => t.kind === 'request_log')!;
    expect(total.rows).toBeGreaterThanOrEqual(
      usage['request_log']!.rows + ofTenant(b.slug, 'request_log')!.rows,
    );
    expect(total.bytes).toBeGreaterThan(0);

    const runs = await pruneRuns(orm.em.fork());
    expect(runs.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['request_log', 'audit_event', 'webhook_delivery']),
    );
    expect(Date.now() - runs[0]!.lastRunAt.getTime()).toBeLessThan(60_000);
  });

  it('expired sessions and spent rate-limit windows go; live ones stay', async () => {
    const tenant = await newTenant(orm);
    const { admin } = await tenant.run((s) =>
      s.admins.create({ email: `${uniqueName('a')}@x.test`, role: 'owner', password: 'a long password!' }),
    );
    await sql(
      `insert into admin_session (tenant_id, id, admin_id, id_hash, expires_at)
       values ($1, gen_random_uuid(), $2, 'expired-' || gen_random_uuid(), now() - interval '1 minute'),
              ($1, gen_random_uuid(), $2, 'live-' || gen_random_uuid(), now() + interval '1 hour')`,
      [tenant.id, admin.id],
    );
    const [spent, fresh] = [uniqueName('spent'), uniqueName('fresh')];
    await sql(
      `insert into rate_limit (key, window_start, hits)
       values ($1, now() - interval '2 days', 5), ($2, now() - interval '1 minute', 5)`,
      [spent, fresh],
    );
    const deleted = await pruneOnce(orm, { holder: uniqueName('test'), defaults });
    expect(deleted!.session).toBeGreaterThanOrEqual(1);
    expect(await count('admin_session', tenant.id, `id_hash like 'expired-%'`)).toBe(0);
    expect(await count('admin_session', tenant.id, `id_hash like 'live-%'`)).toBe(1);
    const windows = await sql<{ key: string }>(`select key from rate_limit where key in ($1, $2)`, [
      spent,
      fresh,
    ]);
    expect(windows.map((w) => w.key)).toEqual([fresh]);
  });

  it('one process at a time: a second prune while the lease is held does nothing', async () => {
    const holder = uniqueName('first');
    await sql(`update prune_lease set holder = $1, until = now() + interval '1 minute' where id = 1`, [
      holder,
    ]);
    try {
      expect(await pruneOnce(orm, { holder: uniqueName('second'), defaults })).toBeNull();
    } finally {
      await sql(`update prune_lease set until = now() where id = 1`);
    }
  });

  it('a tenant’s periods: its own or the default, audited, bounded', async () => {
    const tenant = await newTenant(orm);
    expect(await tenant.run((s) => s.retention.get(defaults))).toEqual({
      ...defaults,
      overrides: { requestLogDays: null, webhookDays: null, auditDays: null },
    });
    const changed = await tenant.run((s) => s.retention.update({ webhookDays: 7 }, defaults));
    expect(changed).toMatchObject({ webhookDays: 7, requestLogDays: 30, overrides: { webhookDays: 7 } });
    const back = await tenant.run((s) => s.retention.update({ webhookDays: null }, defaults));
    expect(back.webhookDays).toBe(30);
    await expect(tenant.run((s) => s.retention.update({ auditDays: 0 }, defaults))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const events = await tenant.run((s) => s.audit.list({ limit: 5 }));
    expect(events.map((e) => e.action)).toEqual(['retention.update', 'retention.update']);
  });
});
