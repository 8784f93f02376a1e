import type { MikroORM } from '@mikro-orm/postgresql';
import { arrayLiteral } from './array-literal.js';

/**
 * Request counters shared by every server process, in the `rate_limit` table (no tenant data, no
 * RLS). Processes count locally and add their hits here in one statement per sync, getting back the
 * totals all processes have reached in the same window. Windows are aligned to the epoch, so every
 * process agrees on where one starts.
 */
export class SharedCounters {
  constructor(private readonly orm: MikroORM) {}

  /** Add `hits` to each key's count for the window starting at `windowStart`; returns the totals. */
  async add(windowStart: Date, hits: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (hits.size === 0) return new Map();
    const rows = await this.orm.em.fork().execute<{ key: string; hits: number }[]>(
      `insert into rate_limit (key, window_start, hits)
       select key, ?::timestamptz, hits from unnest(?::text[], ?::int[]) as t(key, hits)
       on conflict (key) do update set
         hits = case when rate_limit.window_start = excluded.window_start then rate_limit.hits + excluded.hits
                     when rate_limit.window_start < excluded.window_start then excluded.hits
                     else rate_limit.hits end,
         window_start = greatest(rate_limit.window_start, excluded.window_start)
       returning key, hits`,
      [windowStart.toISOString(), arrayLiteral([...hits.keys()]), arrayLiteral([...hits.values()])],
    );
    return new Map(rows.map((row) => [row.key, row.hits]));
  }
}
