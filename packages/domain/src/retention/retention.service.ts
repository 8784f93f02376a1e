import { z } from 'zod';
import { diffAttributes } from '../audit/diff.js';
import { parseInput } from '../rules.js';
import { isId } from '../ids.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { exportStatement, type ExportKind, type ExportRange } from './export-sources.js';

/** The kinds of record that are pruned by age, and how long each is kept (days). */
export interface RetentionDays {
  /** SCIM request log lines, by when the request came. */
  requestLogDays: number;
  /** Delivered or failed webhook deliveries, by their last attempt (pending ones are never pruned). */
  webhookDays: number;
  /** Audit events, by when the change happened (their deliveries go with them). */
  auditDays: number;
}

/** A tenant's retention: what applies, and which of it is the tenant's own (null: the default). */
export interface Retention extends RetentionDays {
  overrides: { [K in keyof RetentionDays]: number | null };
}

const days = (max: number) => z.number().int().min(1).max(max).nullable().optional();
const changeSchema = z.object({
  requestLogDays: days(3650),
  webhookDays: days(3650),
  auditDays: days(36500),
});
export type RetentionChange = z.input<typeof changeSchema>;

const kinds = ['requestLogDays', 'webhookDays', 'auditDays'] as const;
export type PruneKind = 'request_log' | 'webhook_delivery' | 'audit_event' | 'session';

/**
 * Each kind: its table, the time that ages it, and which rows age at all. Deletes go in batches on the
 * (tenant_id, time) index, each its own short transaction, so pruning a large table never holds many
 * locks nor waits on the SCIM hot path (it deletes only rows nobody writes any more).
 */
const targets: Record<
  Exclude<PruneKind, 'session'>,
  { table: string; time: string; days: keyof RetentionDays; only?: string }
> = {
  request_log: { table: 'scim_request_log', time: 'at', days: 'requestLogDays' },
  webhook_delivery: {
    table: 'webhook_delivery',
    time: 'last_attempt_at',
    days: 'webhookDays',
    only: `status in ('delivered', 'failed')`,
  },
  audit_event: { table: 'audit_event', time: 'at', days: 'auditDays' },
};

/** What usage is measured of (issue 19): the pruned kinds and the directory. */
export const usageTables = {
  request_log: 'scim_request_log',
  webhook_delivery: 'webhook_delivery',
  audit_event: 'audit_event',
  session: 'admin_session',
  user: 'directory_user',
  group: 'directory_group',
  group_member: 'group_member',
} as const;
export type UsageKind = keyof typeof usageTables;

export interface Usage {
  kind: UsageKind;
  rows: number;
  /** The tenant's share of the table's size on disk (indexes and TOAST included), by its rows. */
  bytes: number;
  measuredAt: Date;
}

/** How long a tenant's records are kept (issue 19), pruning them, and how much there is. */
export class RetentionService {
  constructor(private readonly scope: TenantScope) {}

  /** The tenant's retention over the instance's `defaults`. */
  async get(defaults: RetentionDays): Promise<Retention> {
    const [row] = await this.scope.sql<{ [K in keyof RetentionDays]: number | null }>(
      `select request_log_days as "requestLogDays", webhook_days as "webhookDays", audit_days as "auditDays"
         from tenant_retention where tenant_id = ?`,
      [this.scope.tenantId],
    );
    const overrides = {
      requestLogDays: row?.requestLogDays ?? null,
      webhookDays: row?.webhookDays ?? null,
      auditDays: row?.auditDays ?? null,
    };
    return {
      requestLogDays: overrides.requestLogDays ?? defaults.requestLogDays,
      webhookDays: overrides.webhookDays ?? defaults.webhookDays,
      auditDays: overrides.auditDays ?? defaults.auditDays,
      overrides,
    };
  }

  /** Set the tenant's own periods (null: back to the default); audited. Errors: `invalid_input`. */
  async update(input: RetentionChange, defaults: RetentionDays): Promise<Retention> {
    const change = parseInput(changeSchema, input);
    const before = await this.get(defaults);
    const overrides = { ...before.overrides };
    for (const kind of kinds) if (change[kind] !== undefined) overrides[kind] = change[kind];
    const changes = diffAttributes(before.overrides, overrides, kinds);
    if (Object.keys(changes).length === 0) return before;
    await this.scope.sql(
      `insert into tenant_retention (tenant_id, request_log_days, webhook_days, audit_days) values (?, ?, ?, ?)
       on conflict (tenant_id) do update set request_log_days = excluded.request_log_days,
         webhook_days = excluded.webhook_days, audit_days = excluded.audit_days, updated_at = now()`,
      [this.scope.tenantId, overrides.requestLogDays, overrides.webhookDays, overrides.auditDays],
    );
    this.scope.audit({
      action: 'retention.update',
      targetType: 'tenant',
      targetId: this.scope.tenantId,
      changes,
    });
    return this.get(defaults);
  }

  /**
   * Note in the audit trail that someone took records out (an export of `what` over `range`): who
   * copied the directory or the logs is what a compliance review asks first.
   */
  async recordExport(what: ExportKind | 'workspace', range: ExportRange = {}): Promise<void> {
    this.scope.audit({
      action: `export.${what}`,
      targetType: 'tenant',
      targetId: this.scope.tenantId,
      changes: {
        ...(range.from ? { from: { before: null, after: range.from.toISOString() } } : {}),
        ...(range.to ? { to: { before: null, after: range.to.toISOString() } } : {}),
      },
    });
  }

  /** Up to `batch` records of `kind` after the id `after`, oldest first (see `exportRecords`). */
  async exportBatch(
    kind: ExportKind,
    range: ExportRange,
    after: string,
    batch: number,
  ): Promise<Record<string, unknown>[]> {
    if (!isId(after)) return [];
    const { query, params } = exportStatement(kind, this.scope.tenantId, range, after, Math.min(batch, 5000));
    const rows = await this.scope.sql(query, params);
    for (const row of rows) row['at'] = new Date(String(row['at'])).toISOString();
    return rows;
  }

  /**
   * Count the tenant's rows of each kind (on the tenant_id-leading indexes) and keep them with their
   * estimated bytes (`bytesPerRow`: each table's size over its rows, measured by the caller).
   */
  async measureUsage(bytesPerRow: Record<UsageKind, number>): Promise<Usage[]> {
    const kinds = Object.entries(usageTables);
    const rows = await this.scope.sql<{ kind: UsageKind; rows: string; bytes: string; measuredAt: string }>(
      `with counted (kind, rows) as (values ${kinds
        .map(([kind, table]) => `('${kind}', (select count(*) from ${table} where tenant_id = ?))`)
        .join(', ')})
       insert into tenant_usage (tenant_id, kind, rows, bytes, measured_at)
       select ?, kind, rows, round(rows * (?::jsonb ->> kind)::float8)::bigint, now() from counted
       on conflict (tenant_id, kind) do update
         set rows = excluded.rows, bytes = excluded.bytes, measured_at = excluded.measured_at
       returning kind, rows, bytes, measured_at as "measuredAt"`,
      [...kinds.map(() => this.scope.tenantId), this.scope.tenantId, JSON.stringify(bytesPerRow)],
    );
    return rows.map(toUsage);
  }

  /** The tenant's usage as last measured (none before the first pruning pass). */
  async usage(): Promise<Usage[]> {
    const rows = await this.scope.sql<{ kind: UsageKind; rows: string; bytes: string; measuredAt: string }>(
      `select kind, rows, bytes, measured_at as "measuredAt" from tenant_usage where tenant_id = ? order by kind`,
      [this.scope.tenantId],
    );
    return rows.map(toUsage);
  }

  /**
   * Delete up to `batch` rows of `kind` older than the tenant's period (sessions: expired ones), in
   * this transaction; returns how many went. The pruner calls it until fewer than `batch` go.
   */
  async pruneBatch(kind: PruneKind, defaults: RetentionDays, batch: number): Promise<number> {
    if (kind === 'session') {
      const [row] = await this.scope.sql<{ count: number }>(
        `with gone as (delete from admin_session where tenant_id = ? and id in (
           select id from admin_session where tenant_id = ? and expires_at < now() limit ?) returning 1)
         select count(*)::int as count from gone`,
        [this.scope.tenantId, this.scope.tenantId, batch],
      );
      return row?.count ?? 0;
    }
    const { table, time, days, only } = targets[kind];
    const keep = (await this.get(defaults))[days];
    const [row] = await this.scope.sql<{ count: number }>(
      `with gone as (delete from ${table} where tenant_id = ? and id in (
         select id from ${table} where tenant_id = ? and ${time} < now() - make_interval(days => ?)
            ${only ? `and ${only}` : ''} order by ${time} limit ?) returning 1)
       select count(*)::int as count from gone`,
      [this.scope.tenantId, this.scope.tenantId, keep, batch],
    );
    return row?.count ?? 0;
  }
}

export const pruneKinds: PruneKind[] = ['request_log', 'webhook_delivery', 'audit_event', 'session'];

const toUsage = (r: { kind: UsageKind; rows: string; bytes: string; measuredAt: string }): Usage => ({
  kind: r.kind,
  rows: Number(r.rows),
  bytes: Number(r.bytes),
  measuredAt: new Date(r.measuredAt),
});
