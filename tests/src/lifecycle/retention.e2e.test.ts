import { describe, expect, it } from 'vitest';
import { systemActor, TenantDirectory, withTenant } from '@rollcall/domain';
import { graphql } from '../support/graphql.js';
import { ownServer } from '../support/own-server.js';
import { client, newUserName, USER } from '../support/scim.js';

// Retention (issue 19) in the running server: it prunes by itself, while the IdP keeps writing.
const metricsToken = 'retention-test-metrics-token';
const { state, sql } = ownServer({
  ROLLCALL_PRUNE_INTERVAL_SECONDS: '2',
  ROLLCALL_METRICS_TOKEN: metricsToken,
  ROLLCALL_SCIM_RATE_LIMIT: '0',
});

describe('retention in the server', () => {
  it('prunes old request log lines by itself while SCIM writes go on; nothing newer is lost', async () => {
    const tenant = await new TenantDirectory(state.orm).getBySlug('demo');
    const { token, key } = await withTenant(
      state.orm,
      tenant.id,
      { actor: systemActor('test') },
      async (s) => ({
        token: (await s.scim.enable()).token,
        key: (await s.apiKeys.create({ name: 'owner', role: 'owner' })).key,
      }),
    );
    const old = await sql<{ n: number }>(
      `with made as (insert into scim_request_log (tenant_id, id, at, method, path, status)
         select $1, gen_random_uuid(), now() - interval '31 days' - (g * interval '1 minute'), 'GET', '/Users', 200
           from generate_series(1, 20000) g returning 1) select count(*)::int as n from made`,
      [tenant.id],
    );
    expect(old[0]!.n).toBe(20000);

    // The IdP creates users while the pruner works through the old lines.
    const scim = client(`${state.server.url}/scim/v2/demo`, token);
    const statuses: number[] = [];
    const deadline = Date.now() + 20_000;
    let remaining = 20000;
    while (Date.now() < deadline && remaining > 0) {
      const created = await Promise.all(
        Array.from({ length: 5 }, () =>
          scim('POST', '/Users', { schemas: [USER], userName: newUserName('live') }),
        ),
      );
      statuses.push(...created.map((r) => r.status));
      remaining = (
        await sql<{ n: number }>(
          `select count(*)::int as n from scim_request_log where tenant_id = $1 and at < now() - interval '30 days'`,
          [tenant.id],
        )
      )[0]!.n;
    }
    expect(remaining).toBe(0);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([201]));
    // Every live request is in the log (written in batches: give it a moment).
    await expect
      .poll(
        async () =>
          (
            await sql<{ n: number }>(
              `select count(*)::int as n from scim_request_log where tenant_id = $1 and method = 'POST'`,
              [tenant.id],
            )
          )[0]!.n,
      )
      .toBe(statuses.length);

    const metrics = await (
      await fetch(`${state.server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
    ).text();
    expect(metrics).toMatch(/rollcall_pruned_rows_total\{kind="request_log"\} 20000/);
    expect(metrics).toMatch(/rollcall_prune_last_run_timestamp_seconds [1-9]/);
    expect(metrics).toMatch(/rollcall_retention_last_prune_timestamp_seconds\{kind="request_log"\} [1-9]/);

    // After each pass the pruner measures what every tenant holds: /metrics and GraphQL show it.
    const [{ users }] = (await sql<{ users: number }>(
      `select count(*)::int as users from directory_user where tenant_id = $1`,
      [tenant.id],
    )) as [{ users: number }];
    const scrape = async () =>
      (
        await fetch(`${state.server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
      ).text();
    await expect
      .poll(async () => /rollcall_tenant_rows\{tenant="demo",kind="user"\} (\d+)/.exec(await scrape())?.[1], {
        timeout: 15_000,
      })
      .toBe(String(users));
    const usageMetrics = await scrape();
    expect(usageMetrics).toMatch(/rollcall_tenant_bytes\{tenant="demo",kind="request_log"\} [1-9]/);
    expect(usageMetrics).toMatch(/rollcall_table_bytes\{kind="request_log"\} [1-9]/);
    expect(usageMetrics).toMatch(/rollcall_usage_measured_timestamp_seconds [1-9]/);
    const usage = await graphql(state.server.url)(
      '{ retention { usageMeasuredAt usage { kind rows bytes } } }',
      {},
      { bearer: key },
    );
    expect(usage.data.retention.usage).toEqual(
      expect.arrayContaining([{ kind: 'user', rows: users, bytes: expect.any(Number) }]),
    );
    expect(Date.now() - Date.parse(usage.data.retention.usageMeasuredAt)).toBeLessThan(60_000);

    // GraphQL: the periods, the last run, and an owner's own period (audited).
    const call = graphql(state.server.url);
    const read = await call(
      '{ retention { requestLogDays webhookDays auditDays lastPrunedAt overrides { auditDays } } }',
      {},
      { bearer: key },
    );
    expect(read.data.retention).toMatchObject({
      requestLogDays: 30,
      webhookDays: 30,
      auditDays: 400,
      overrides: { auditDays: null },
    });
    expect(Date.now() - Date.parse(read.data.retention.lastPrunedAt)).toBeLessThan(60_000);
    const set = await call(
      'mutation { updateRetention(input: { auditDays: 90, requestLogDays: null }) { auditDays requestLogDays } }',
      {},
      { bearer: key },
    );
    expect(set.data.updateRetention).toEqual({ auditDays: 90, requestLogDays: 30 });
  });
});
