import {
  isDatabaseUnavailable,
  isDomainError,
  newId,
  systemActor,
  toStorableText,
  withTenant,
  type MikroORM,
  type ScimRequestLogEntry,
} from '@rollcall/domain';
import type { Logger } from '../logger.js';

const secretKey = /password|secret|token/i;
const maxStoredChars = 64 * 1024;
/** While the database is away: lines kept per tenant, and how soon to try again. */
const maxHeld = 10_000;
const retryAfterMs = 1000;

/**
 * A copy of a body that PostgreSQL's JSONB can store, with secrets masked, cut down when very large.
 * JSONB refuses `\u0000` and lone surrogates, which hostile or broken clients do send: they become
 * U+FFFD, so one such request cannot cost the log lines it is batched with.
 */
export function maskBody(body: unknown): unknown {
  if (body === undefined) return null;
  const masked = storable(body);
  const size = JSON.stringify(masked)?.length ?? 0;
  return size > maxStoredChars ? { truncated: true, size } : masked;
}

/** Hostile bodies nest thousands deep; the log keeps the first levels (and the stack stays small). */
const maxStoredDepth = 32;

function storable(value: unknown, key = '', depth = 0): unknown {
  if (key && secretKey.test(key)) return '••••••';
  if (typeof value === 'string') return toStorableText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxStoredDepth) return `[nested deeper than ${maxStoredDepth} levels]`;
  if (Array.isArray(value)) return value.map((element) => storable(element, '', depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [toStorableText(k), storable(v, k, depth + 1)]),
  );
}

/**
 * The SCIM request log, written off the request path: entries are buffered per tenant and inserted
 * together every `intervalMs` (one multi-row insert per tenant), so logging costs a request nothing.
 * `close()` writes what is left; a crash can lose at most one interval of log lines, never a change.
 * While the database is away, entries are kept (up to `maxHeld` per tenant) and written when it returns.
 */
export class RequestLogWriter {
  private pending = new Map<string, ScimRequestLogEntry[]>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Lines dropped because more than `maxHeld` per tenant waited for the database (`/metrics`). */
  dropped = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly intervalMs = 200,
  ) {}

  add(tenantId: string, entry: ScimRequestLogEntry): void {
    const list = this.pending.get(tenantId) ?? [];
    list.push({ ...entry, id: entry.id ?? newId() });
    this.pending.set(tenantId, list);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Write everything buffered so far. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      for (const [tenantId, entries] of batch) {
        await withTenant(this.orm, tenantId, { actor: systemActor('SCIM request log') }, (s) =>
          s.requestLog.record(entries),
        ).catch((error: unknown) => {
          // Away, or gone during COMMIT (written or not): sent again later; the ids keep it to one copy.
          if (isDatabaseUnavailable(error) || isDomainError(error, 'database.outcome_unknown'))
            return this.holdForRetry(tenantId, entries);
          // The tenant was deleted meanwhile (its last requests were refused 401): nothing to keep.
          if ((error as { code?: string }).code === '23503')
            return this.log.info('SCIM request log: tenant deleted, its last lines dropped', {
              tenantId,
              entries: entries.length,
            });
          this.log.error('could not write the SCIM request log', {
            error: String((error as Error).message).slice(0, 300),
            tenantId,
            entries: entries.length,
          });
        });
      }
    });
    return this.flushing;
  }

  private holdForRetry(tenantId: string, entries: ScimRequestLogEntry[]): void {
    const held = [...entries, ...(this.pending.get(tenantId) ?? [])];
    const dropped = Math.max(0, held.length - maxHeld);
    this.dropped += dropped;
    if (dropped)
      this.log.warn('SCIM request log: database away, oldest lines dropped', { tenantId, dropped });
    this.pending.set(tenantId, held.slice(dropped));
    this.timer ??= setTimeout(() => void this.flush(), retryAfterMs);
  }

  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer); // a retry held for a database that is still away does not keep us alive
    this.timer = undefined;
  }
}
