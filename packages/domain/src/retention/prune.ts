import type { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../database/availability.js';
import { TenantDirectory } from '../tenancy/tenant-directory.js';
import { systemActor } from '../tenancy/actor.js';
import { withTenant } from '../tenancy/with-tenant.js';
import { pruneKinds, type PruneKind, type RetentionDays } from './retention.service.js';
import { bytesPerRow } from './usage.js';

export interface PruneOptions {
  /** Who holds the lease (the process's name, as its connections name themselves). */
  holder: string;
  defaults: RetentionDays;
  /** Rows per delete statement (its own transaction). */
  batch?: number;
  /** How long the lease lasts unless renewed (it is renewed after each tenant). */
  leaseMs?: number;
  /**
   * After each full batch, rest this many times as long as the batch took (default 1: the pruner
   * works at most half the time while it catches up on a backlog, leaving the rest to the hot path).
   */
  rest?: number;
}

const context = { actor: systemActor('Retention') };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Prune every tenant once, if no other process is pruning (a lease row, safe behind PgBouncer):
 * each kind older than its tenant's period, in batches of short transactions; expired sessions; spent
 * rate-limit windows. Then measure each tenant's usage (rows and bytes per kind). Returns the rows
 * deleted per kind, or null when another process holds the lease.
 */
export async function pruneOnce(
  orm: MikroORM,
  { holder, defaults, batch = 1000, leaseMs = 10 * 60_000, rest = 1 }: PruneOptions,
): Promise<Record<PruneKind | 'rate_limit', number> | null> {
  const connection = orm.em.getConnection();
  const lease = () =>
    connection.execute<{ id: number }[]>(
      `update prune_lease set holder = ?, until = now() + make_interval(secs => ?)
        where id = 1 and (until < now() or holder = ?) returning id`,
      [holder, leaseMs / 1000, holder],
    );
  if ((await lease()).length === 0) return null;
  const deleted = { request_log: 0, webhook_delivery: 0, audit_event: 0, session: 0, rate_limit: 0 };
  try {
    const tenants = await new TenantDirectory(orm).list();
    for (const tenant of tenants) {
      for (const kind of pruneKinds) {
        for (;;) {
          const started = performance.now();
          const count = await withTenant(orm, tenant.id, context, (s) =>
            s.retention.pruneBatch(kind, defaults, batch),
          );
          deleted[kind] += count;
          if (count < batch) break;
          if (rest > 0) await sleep((performance.now() - started) * rest);
        }
      }
      if ((await lease()).length === 0) break; // the lease ran out and another process took over
    }
    const [spent] = await connection.execute<{ count: number }[]>(
      `with gone as (delete from rate_limit where window_start < now() - interval '1 day' returning 1)
       select count(*)::int as count from gone`,
    );
    deleted.rate_limit = spent?.count ?? 0;
    const perRow = await bytesPerRow(orm);
    // Measuring is best effort: a tenant deleted since the pass began has no usage, and one whose
    // count runs past the statement timeout keeps its last figures (their time shows how old).
    for (const tenant of tenants)
      await withTenant(orm, tenant.id, context, (s) => s.retention.measureUsage(perRow)).catch(
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) throw error;
        },
      );
    for (const [kind, rows] of Object.entries(deleted))
      await connection.execute(
        `insert into prune_run (kind, last_run_at, rows_deleted) values (?, now(), ?)
         on conflict (kind) do update set last_run_at = now(), rows_deleted = prune_run.rows_deleted + excluded.rows_deleted`,
        [kind, rows],
      );
  } finally {
    await connection.execute(`update prune_lease set until = now() where id = 1 and holder = ?`, [holder]);
  }
  return deleted;
}
