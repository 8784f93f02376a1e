import {
  claimDueWebhookDeliveries,
  systemActor,
  withTenant,
  type ClaimedDelivery,
  type MikroORM,
  type WebhookJob,
} from '@rollcall/domain';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { sendWebhook } from './sender.js';

const context = { actor: systemActor('Webhook dispatcher') };

/**
 * How long a claimed delivery stays this process's: the receiver's timeout, plus as long again and a
 * few seconds for reading it and recording the outcome. Past it, any process may send it again.
 */
const leaseMs = (timeoutMs: number) => 2 * timeoutMs + 5000;

/**
 * Sends due webhook deliveries, in every server process. Each round claims as many due deliveries as
 * there are free slots (`concurrency`), at most half of them for any one endpoint, reads them in their
 * tenant, sends them concurrently and records the outcomes; a slow receiver holds only its own slots.
 * With nothing due it sleeps `pollMs`; a finished delivery frees its slot and starts a round at once.
 *
 * At least once: a delivery stays pending until a 2xx is recorded. If this process dies (or the
 * database goes away) between claiming and recording, the claim's lease runs out and any process
 * sends it again, with the same `webhook-id` for the receiver to deduplicate.
 */
export class WebhookDispatcher {
  private readonly sending = new Set<Promise<void>>();
  /** Deliveries in flight per endpoint (their sum: slots taken). */
  private readonly busy = new Map<string, number>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private failing = false;

  private readonly attempts: Counter<'result'>;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: Config['webhooks'],
    private readonly log: Logger,
    /** Where /metrics reads from (the app's registry). */
    metrics: Registry,
  ) {
    this.attempts = new Counter({
      name: 'rollcall_webhook_attempts_total',
      help: 'Webhook delivery attempts by this process, by result (delivered: the receiver answered 2xx)',
      labelNames: ['result'] as const,
      registers: [metrics],
    });
    const inFlight = () => this.inFlight;
    new Gauge({
      name: 'rollcall_webhook_deliveries_in_flight',
      help: 'Webhook deliveries this process is sending now',
      registers: [metrics],
      collect() {
        this.set(inFlight());
      },
    });
  }

  start(): void {
    this.stopped = false;
    this.wake(0);
  }

  /** Stop claiming, and wait for deliveries in flight (each bounded by the receiver timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await Promise.all(this.sending);
  }

  /** Run a round after `delayMs`; during a round, ask for another right after it (a slot came free). */
  private wake(delayMs: number): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // `then` runs after this assignment even when the round finishes without waiting.
      this.round = this.claimAndSend().then((next) => {
        this.round = undefined;
        if (this.again) next = 0;
        this.again = false;
        if (next !== null) this.wake(next);
      });
    }, delayMs);
  }

  /** One round; returns when to run the next (null: when a slot comes free). Never throws. */
  private async claimAndSend(): Promise<number | null> {
    const free = this.config.concurrency - this.inFlight;
    if (free <= 0) return null;
    try {
      const due = await claimDueWebhookDeliveries(this.orm, {
        limit: free,
        leaseMs: leaseMs(this.config.timeoutMs),
        perEndpoint: Math.ceil(this.config.concurrency / 2),
        busy: this.busy,
      });
      const byTenant = new Map<string, ClaimedDelivery[]>();
      for (const delivery of due)
        byTenant.set(delivery.tenantId, [...(byTenant.get(delivery.tenantId) ?? []), delivery]);
      for (const [tenantId, deliveries] of byTenant) this.track(tenantId, deliveries);
      if (this.failing) this.log.info('webhook dispatch recovered');
      this.failing = false;
      // A full claim suggests more are due: go again at once (if slots allow); else sleep.
      return due.length === free ? 0 : this.config.pollMs;
    } catch (error) {
      if (!this.failing) this.log.warn('webhook dispatch failed; retrying', { error });
      this.failing = true;
      return this.config.pollMs;
    }
  }

  private track(tenantId: string, deliveries: ClaimedDelivery[]): void {
    const count = (endpointId: string, change: number) => {
      const now = (this.busy.get(endpointId) ?? 0) + change;
      if (now > 0) this.busy.set(endpointId, now);
      else this.busy.delete(endpointId);
    };
    this.inFlight += deliveries.length;
    for (const d of deliveries) count(d.endpointId, 1);
    const sending = this.deliver(
      tenantId,
      deliveries.map((d) => d.id),
    )
      .catch((error: unknown) =>
        this.log.warn('webhook deliveries not recorded; they will be sent again', { error, tenantId }),
      )
      .finally(() => {
        this.inFlight -= deliveries.length;
        for (const d of deliveries) count(d.endpointId, -1);
        this.sending.delete(sending);
        this.wake(0);
      });
    this.sending.add(sending);
  }

  private async deliver(tenantId: string, ids: string[]): Promise<void> {
    const jobs: WebhookJob[] = await withTenant(this.orm, tenantId, context, (s) =>
      s.webhooks.forDelivery(ids, this.config.secrets),
    );
    const attempts = await Promise.all(
      jobs.map((job) => sendWebhook(job, { timeoutMs: this.config.timeoutMs, network: this.config.network })),
    );
    for (const attempt of attempts) {
      this.attempts.inc({ result: attempt.ok ? 'delivered' : 'failed' });
      this.log.debug('webhook attempt', {
        tenantId,
        delivery: attempt.id,
        ok: attempt.ok,
        status: attempt.status,
      });
    }
    await withTenant(this.orm, tenantId, context, (s) =>
      s.webhooks.recordAttempts(attempts, jobs, this.config.retry),
    );
  }
}
