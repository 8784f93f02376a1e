import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { usageTables, type UsageKind } from './retention.service.js';

/** The usage tables as an SQL `values` list of (kind, table name): constants, not input. */
const usageTableValues = `(values ${Object.entries(usageTables)
  .map(([kind, table]) => `('${kind}', '${table}')`)
  .join(', ')}) as t(kind, name)`;

/**
 * Each usage table's size on disk per row (indexes and TOAST included), from PostgreSQL's own
 * estimate of its rows; a table never analyzed (a young, small one) is analyzed first, which is quick.
 * A tenant's bytes of a kind are its rows times this: its share of the table.
 */
export async function bytesPerRow(orm: MikroORM): Promise<Record<UsageKind, number>> {
  const connection = orm.em.getConnection();
  const measure = () =>
    connection.execute<{ kind: UsageKind; bytes: string; estimate: number }[]>(
      `select kind, pg_total_relation_size(c.oid) as bytes, c.reltuples as estimate
         from ${usageTableValues}
         join pg_class c on c.oid = to_regclass(t.name)`,
    );
  let rows = await measure();
  const unknown = rows.filter((r) => r.estimate < 1 && Number(r.bytes) > 0);
  if (unknown.length > 0) {
    for (const { kind } of unknown) await connection.execute(`analyze ${usageTables[kind]}`).catch(() => {});
    rows = await measure();
  }
  const perRow = {} as Record<UsageKind, number>;
  for (const { kind, bytes, estimate } of rows) perRow[kind] = estimate >= 1 ? Number(bytes) / estimate : 0;
  return perRow;
}

export interface InstanceUsage {
  /** Every tenant's last measured usage, by slug. */
  tenants: { tenant: string; kind: UsageKind; rows: number; bytes: number }[];
  /** Each table's size on disk now, and its rows summed over the tenants' last measurement. */
  totals: { kind: UsageKind; rows: number; bytes: number }[];
  /** When each kind was last pruned (instance-wide, whichever process did it). */
  pruned: PruneRun[];
  /** When usage was last measured (null: never). */
  measuredAt: Date | null;
}

/**
 * The instance's usage for /metrics, in one short transaction as `rollcall_monitor`: that role reads
 * every tenant's counts and slugs, and nothing of what tenants own.
 */
export async function instanceUsage(orm: MikroORM): Promise<InstanceUsage> {
  return orm.em.fork().transactional(async (em) => {
    await em.execute(`select set_config('role', 'rollcall_monitor', true)`);
    const tenants = await em.execute<
      { tenant: string; kind: UsageKind; rows: string; bytes: string; at: string }[]
    >(
      `select t.slug as tenant, u.kind, u.rows, u.bytes, u.measured_at as at
         from tenant_usage u join tenant t on t.id = u.tenant_id order by t.slug, u.kind`,
    );
    const sizes = await em.execute<{ kind: UsageKind; bytes: string }[]>(
      `select kind, pg_total_relation_size(to_regclass(name)) as bytes
         from ${usageTableValues}`,
    );
    const pruned = await pruneRuns(em);
    const rowsOf = (kind: UsageKind) =>
      tenants.filter((t) => t.kind === kind).reduce((sum, t) => sum + Number(t.rows), 0);
    const latest = tenants.reduce<number>((a, t) => Math.max(a, new Date(t.at).getTime()), 0);
    return {
      tenants: tenants.map((t) => ({
        tenant: t.tenant,
        kind: t.kind,
        rows: Number(t.rows),
        bytes: Number(t.bytes),
      })),
      totals: sizes.map((s) => ({ kind: s.kind, rows: rowsOf(s.kind), bytes: Number(s.bytes) })),
      pruned,
      measuredAt: latest ? new Date(latest) : null,
    };
  });
}

export interface PruneRun {
  kind: string;
  lastRunAt: Date;
  rowsDeleted: number;
}

/**
 * When each kind was last pruned and how many rows pruning has deleted in all, read with `em` (a fork
 * of the ORM's, or a transaction's as `rollcall_monitor`).
 */
export async function pruneRuns(em: Pick<EntityManager, 'execute'>): Promise<PruneRun[]> {
  const rows = await em.execute<{ kind: string; lastRunAt: string; rowsDeleted: string }[]>(
    `select kind, last_run_at as "lastRunAt", rows_deleted as "rowsDeleted" from prune_run order by kind`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    lastRunAt: new Date(r.lastRunAt),
    rowsDeleted: Number(r.rowsDeleted),
  }));
}
