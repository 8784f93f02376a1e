import type { FilterQuery } from '@mikro-orm/postgresql';
import { isId } from '../ids.js';
import { containsPattern } from '../rules.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { maxPageSize } from '../paging.js';
import { ScimRequestLog } from './scim-request-log.entity.js';

export interface ScimRequestLogEntry {
  at: Date;
  method: string;
  path: string;
  status: number;
  scimType: string | null;
  durationMs: number;
  tokenPrefix: string | null;
  dialect: string | null;
  requestId: string | null;
  userAgent: string | null;
  /** Already masked by the caller: no passwords or tokens. */
  requestBody: unknown;
  responseBody: unknown;
}

/** The SCIM request log: every call, refused ones included, for "why did my sync fail". */
export class ScimRequestLogService {
  constructor(private readonly scope: TenantScope) {}

  /** Append entries in one multi-row insert (the server batches them off the request path). */
  async record(entries: readonly ScimRequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.scope.em.insertMany(
      ScimRequestLog,
      entries.map((entry) => Object.assign(new ScimRequestLog(this.scope.tenantId), entry)),
    );
  }

  /** Newest first, filtered; keyset-paged by `before` (ids are time-ordered UUIDv7). */
  async list(query: RequestLogQuery): Promise<(ScimRequestLogEntry & { id: string })[]> {
    if (query.before !== undefined && !isId(query.before)) return [];
    const classes = { '2xx': [200, 300], '3xx': [300, 400], '4xx': [400, 500], '5xx': [500, 600] } as const;
    const range = query.statusClass ? classes[query.statusClass] : undefined;
    const where: FilterQuery<ScimRequestLog> = {
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(range ? { status: { $gte: range[0], $lt: range[1] } } : {}),
      ...(query.method ? { method: query.method.toUpperCase() } : {}),
      ...(query.pathContains ? { path: { $ilike: containsPattern(query.pathContains) } } : {}),
      ...(query.before ? { id: { $lt: query.before } } : {}),
      ...(query.from || query.to
        ? { at: { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) } }
        : {}),
    };
    const rows = await this.scope.em.find(ScimRequestLog, where, {
      orderBy: { id: 'desc' },
      limit: Math.min(query.limit, maxPageSize),
    });
    return rows.map(({ tenantId: _tenant, ...entry }) => entry);
  }
}

export interface RequestLogQuery {
  limit: number;
  before?: string | undefined;
  status?: number | undefined;
  statusClass?: '2xx' | '3xx' | '4xx' | '5xx' | undefined;
  method?: string | undefined;
  pathContains?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}
