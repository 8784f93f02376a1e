import { createHash, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { instanceUsage, type MikroORM } from '@rollcall/domain';
import type { Middleware } from 'koa';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestState } from '../middleware/request-context.js';

interface KnexPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * Prometheus metrics: request counts and latencies per route and status, SCIM requests per tenant,
 * the database pool, and Node's process metrics. Served at `/metrics` only when a scrape token is
 * configured (tenant slugs and traffic are not for everyone), as `Authorization: Bearer <token>`.
 */
export function metrics(
  orm: MikroORM,
  scrapeToken: string | undefined,
  /** Request-log lines dropped so far because they could not be held any longer (request-log.ts). */
  droppedLogLines: () => number = () => 0,
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'rollcall_http_requests_total',
    help: 'HTTP requests',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'rollcall_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const scimRequests = new Counter({
    name: 'rollcall_scim_requests_total',
    help: 'SCIM requests per tenant, resource route, method and status',
    labelNames: ['tenant', 'method', 'route', 'status'] as const,
    registers: [registry],
  });
  const pool = () =>
    (orm.em.getConnection() as unknown as { getKnex(): { client: { pool?: KnexPool } } }).getKnex().client
      .pool;
  new Gauge({
    name: 'rollcall_db_pool_connections',
    help: 'Database pool connections by state (used, free, pending acquires)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const p = pool();
      this.set({ state: 'used' }, p?.numUsed() ?? 0);
      this.set({ state: 'free' }, p?.numFree() ?? 0);
      this.set({ state: 'pending' }, p?.numPendingAcquires() ?? 0);
    },
  });

  new Counter({
    name: 'rollcall_scim_request_log_dropped_total',
    help: 'SCIM request-log lines dropped while the database was away (past the lines held per tenant)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(droppedLogLines());
    },
  });

  const usage = usageGauges(orm, registry);

  const measure: Middleware<RequestState> = async function metricsMiddleware(ctx, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = ctx.state.route ?? routeOf(ctx.path);
      const labels = { method: ctx.method, route, status: String(ctx.status) };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - started) / 1000);
      if (ctx.state.scimTenant) scimRequests.inc({ ...labels, tenant: ctx.state.scimTenant });
    }
  };

  const router = new Router();
  router.get('/metrics', async (ctx) => {
    if (!scrapeToken) return; // not configured: 404 like any unknown path
    if (!sameSecret(ctx.get('Authorization'), `Bearer ${scrapeToken}`)) {
      ctx.status = 401;
      ctx.body = { error: 'Send the metrics token as "Authorization: Bearer <token>"' };
      return;
    }
    await usage.refresh();
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return { measure, routes: router.routes(), registry };
}

/**
 * What the database holds (issue 19), as the pruner last measured it per tenant (rows; bytes as the
 * tenant's share of each table), each table's size now, and when each kind was last pruned by any
 * process. Read once per scrape in one short transaction; when the database is away they are left out.
 */
function usageGauges(orm: MikroORM, registry: Registry) {
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const tenantRows = gauge('rollcall_tenant_rows', 'Rows per tenant and kind, as last measured', [
    'tenant',
    'kind',
  ]);
  const tenantBytes = gauge(
    'rollcall_tenant_bytes',
    "Bytes per tenant and kind (the tenant's share of the table by rows), as last measured",
    ['tenant', 'kind'],
  );
  const tableRows = gauge('rollcall_table_rows', 'Rows per kind, all tenants, as last measured', ['kind']);
  const tableBytes = gauge('rollcall_table_bytes', 'Size on disk per kind now (indexes and TOAST included)', [
    'kind',
  ]);
  const measured = gauge('rollcall_usage_measured_timestamp_seconds', 'When usage was last measured', []);
  const pruned = gauge(
    'rollcall_retention_last_prune_timestamp_seconds',
    'When each kind was last pruned, by any process',
    ['kind'],
  );
  const all = [tenantRows, tenantBytes, tableRows, tableBytes, measured, pruned];
  return {
    async refresh() {
      for (const g of all) g.reset();
      const now = await instanceUsage(orm).catch(() => null);
      if (!now) return;
      for (const { tenant, kind, rows, bytes } of now.tenants) {
        tenantRows.set({ tenant, kind }, rows);
        tenantBytes.set({ tenant, kind }, bytes);
      }
      for (const { kind, rows, bytes } of now.totals) {
        tableRows.set({ kind }, rows);
        tableBytes.set({ kind }, bytes);
      }
      if (now.measuredAt) measured.set(now.measuredAt.getTime() / 1000);
      for (const { kind, lastRunAt } of now.pruned) pruned.set({ kind }, lastRunAt.getTime() / 1000);
    },
  };
}

/** Paths no endpoint labelled: a fixed set, so a scan of random URLs cannot blow up label counts. */
function routeOf(path: string): string {
  if (path === '/graphql') return '/graphql';
  if (path.startsWith('/scim/')) return '/scim/(unmatched)';
  if (['/healthz', '/readyz', '/metrics'].includes(path)) return path;
  return '(console)';
}

/** Constant-time comparison (of digests, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
