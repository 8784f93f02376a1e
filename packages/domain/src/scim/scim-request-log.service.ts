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

  /** Newest first. */
  async list(query: { limit: number; status?: number }): Promise<(ScimRequestLogEntry & { id: string })[]> {
    const rows = await this.scope.em.find(
      ScimRequestLog,
      query.status === undefined ? {} : { status: query.status },
      { orderBy: { at: 'desc', id: 'desc' }, limit: Math.min(query.limit, maxPageSize) },
    );
    return rows.map(({ tenantId: _tenant, ...entry }) => entry);
  }
}
