import type { TenantScope } from '../tenancy/with-tenant.js';

export interface Window {
  limit: number;
  seconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every server process sees the same counts. `hits` reads a
 * key's count in the current window; `hit` adds one and returns the new count. One statement each.
 */
export class RateLimiter {
  constructor(private readonly scope: TenantScope) {}

  async hits(key: string, window: Window): Promise<{ hits: number; retryAfterSeconds: number }> {
    const [row] = await this.scope.sql<{ hits: number; retry: number }>(
      `select hits, ceil(extract(epoch from window_start + make_interval(secs => ?) - now()))::int as retry
         from rate_limit where key = ? and window_start > now() - make_interval(secs => ?)`,
      [window.seconds, key, window.seconds],
    );
    return { hits: row?.hits ?? 0, retryAfterSeconds: Math.max(1, row?.retry ?? 0) };
  }

  async hit(key: string, window: Window): Promise<number> {
    const [row] = await this.scope.sql<{ hits: number }>(
      `insert into rate_limit (key, window_start, hits) values (?, now(), 1)
       on conflict (key) do update set
         hits = case when rate_limit.window_start <= now() - make_interval(secs => ?) then 1 else rate_limit.hits + 1 end,
         window_start = case when rate_limit.window_start <= now() - make_interval(secs => ?) then now() else rate_limit.window_start end
       returning hits`,
      [key, window.seconds, window.seconds],
    );
    return row?.hits ?? 1;
  }
}
