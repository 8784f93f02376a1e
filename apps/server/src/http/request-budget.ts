import { isDatabaseUnavailable, type SharedCounters } from '@rollcall/domain';
import type { Logger } from '../logger.js';

interface Counter {
  windowStart: number;
  /** Hits all processes had reached at the last sync (ours included). */
  shared: number;
  /** Our hits since the last sync. */
  unsynced: number;
  /** Whether this key's counts go to PostgreSQL (only keys of callers known to be genuine). */
  share: boolean;
}

/**
 * A request rate limit per key (a SCIM token, a GraphQL principal): at most `limit` requests per
 * fixed window, across every server process. Each process counts in memory and, every `syncMs`,
 * adds its counts to PostgreSQL (one statement for all keys) and learns the totals of all processes.
 * A key's first request in a window, and every request once a key is past `exactShare` of its limit,
 * sync at once: far from the limit a request costs no database work; near it, counting is exact
 * across processes. The overshoot is bounded by what the other processes admit for a key in one sync
 * interval while it is still below `exactShare`. While the database is away, limits hold per process.
 *
 * `take` must be called while the request holds no database connection: it may wait for one to sync
 * (a burst near the limit larger than the pool would otherwise wait on itself). Keys of callers not yet
 * known to be genuine (a bearer token before it authenticated here) are counted in this process only,
 * so made-up credentials never reach the shared table.
 */
export class RequestBudget {
  private readonly counters = new Map<string, Counter>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly shared: SharedCounters,
    private readonly options: { limit: number; windowSeconds: number; syncMs: number; exactShare?: number },
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.sync(), options.syncMs);
    this.timer.unref();
  }

  /** Count a request for `key`: `null` when allowed, else the seconds until the window ends. */
  async take(key: string, { share }: { share: boolean }): Promise<number | null> {
    const { limit, windowSeconds, exactShare = 0.8 } = this.options;
    if (limit <= 0) return null;
    const now = Date.now();
    const windowMs = windowSeconds * 1000;
    const windowStart = now - (now % windowMs);
    let counter = this.counters.get(key);
    const fresh = !counter || counter.windowStart !== windowStart;
    if (!counter || fresh) {
      counter = { windowStart, shared: 0, unsynced: 0, share: false };
      this.counters.set(key, counter);
    }
    const sharing = share && !counter.share;
    counter.share ||= share;
    const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - Date.now()) / 1000));
    if (counter.shared + counter.unsynced >= limit) return retryAfter;
    counter.unsynced++;
    if (counter.share && (sharing || counter.shared + counter.unsynced > limit * exactShare)) {
      await this.sync();
      // Our hit is in the total now; past the limit means another process took the last ones.
      if (counter.shared + counter.unsynced > limit) return retryAfter;
    }
    return null;
  }

  /** The limit in words, for refusals: "at most 6000 per 60 s". */
  describe(): string {
    return `at most ${this.options.limit} per ${this.options.windowSeconds} s`;
  }

  /** Add our counts to the shared ones and learn the totals (one statement per window in use). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const byWindow = new Map<number, Map<string, number>>();
      const sent = new Map<string, number>();
      for (const [key, counter] of this.counters) {
        if (counter.windowStart + this.options.windowSeconds * 1000 < Date.now()) {
          this.counters.delete(key); // a finished window
          continue;
        }
        if (!counter.share) continue;
        // Keys with nothing new are sent too (adding 0): that is how we learn the others' counts.
        const hits = byWindow.get(counter.windowStart) ?? new Map<string, number>();
        hits.set(key, counter.unsynced);
        byWindow.set(counter.windowStart, hits);
        sent.set(key, counter.unsynced);
      }
      for (const [windowStart, hits] of byWindow) {
        try {
          const totals = await this.shared.add(new Date(windowStart), hits);
          for (const [key, total] of totals) {
            const counter = this.counters.get(key);
            if (!counter || counter.windowStart !== windowStart) continue;
            counter.unsynced -= sent.get(key) ?? 0; // hits counted while the statement ran stay unsynced
            counter.shared = total;
          }
        } catch (error) {
          if (!isDatabaseUnavailable(error)) this.log.error('could not share request counts', { error });
        }
      }
    });
    return this.syncing;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
