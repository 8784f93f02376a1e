import { hostname } from 'node:os';
import { isDatabaseUnavailable, pruneOnce, type MikroORM, type RetentionDays } from '@rollcall/domain';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/**
 * Keeps the database bounded (issue 19): every `intervalSeconds`, in every server process, try to
 * prune; the lease lets one process at a time do it (domain `pruneOnce`). Small batches in short
 * transactions keep it off the SCIM hot path. The first run comes a minute after start (or the
 * interval, if shorter), so a restart loop does not prune in a loop.
 */
export class Pruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly lastRun: Gauge;
  private readonly deleted: Counter<'kind'>;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: { defaults: RetentionDays; intervalSeconds: number },
    private readonly log: Logger,
    metrics: Registry,
  ) {
    this.lastRun = new Gauge({
      name: 'rollcall_prune_last_run_timestamp_seconds',
      help: 'When this process last finished pruning old records (0: not yet)',
      registers: [metrics],
    });
    this.deleted = new Counter({
      name: 'rollcall_pruned_rows_total',
      help: 'Rows this process deleted by retention, by kind',
      labelNames: ['kind'],
      registers: [metrics],
    });
  }

  start(): void {
    const { intervalSeconds } = this.options;
    if (intervalSeconds <= 0) return;
    const tick = (delayMs: number) => {
      this.timer = setTimeout(() => {
        this.running = this.run().finally(() => tick(intervalSeconds * 1000));
      }, delayMs);
      this.timer.unref();
    };
    tick(Math.min(60, intervalSeconds) * 1000);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pruning pass, if no other process is on it. */
  async run(): Promise<void> {
    try {
      const deleted = await pruneOnce(this.orm, {
        holder: `rollcall ${hostname()} pid ${process.pid}`,
        defaults: this.options.defaults,
      });
      if (!deleted) return;
      for (const [kind, rows] of Object.entries(deleted)) this.deleted.inc({ kind }, rows);
      this.lastRun.set(Date.now() / 1000);
      const total = Object.values(deleted).reduce((a, b) => a + b, 0);
      if (total > 0) this.log.info('pruned old records', deleted);
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.log.warn('pruning skipped: database unavailable');
      else this.log.error('pruning failed', { error });
    }
  }
}
