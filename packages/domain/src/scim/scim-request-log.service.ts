import type { FilterQuery } from '@mikro-orm/postgresql';
import { isId, newId } from '../ids.js';
import { assertSearchable, containsPattern } from '../rules.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { maxPageSize } from '../paging.js';
import { ScimRequestLog } from './scim-request-log.entity.js';

export interface ScimRequestLogEntry {
  /** Given when the request is logged (a batch written again keeps its ids). */
  id?: string;
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
  /** Attributes the request sent that Rollcall does not keep, and so ignored. */
  ignoredAttributes?: readonly IgnoredAttributeName[] | undefined;
}

/** An attribute an IdP sent that Rollcall does not keep, named as sent (`adreses`, `urn:…:User:badge`). */
export interface IgnoredAttributeName {
  resourceType: 'User' | 'Group';
  name: string;
}

/** A request as the log keeps it. */
export interface LoggedScimRequest extends Omit<ScimRequestLogEntry, 'ignoredAttributes'> {
  id: string;
  /** The names of the attributes it sent that were ignored (none: null). */
  ignoredAttributes: string[] | null;
}

/** How often an IdP sent an attribute Rollcall ignored: what Identity & Security lists. */
export interface IgnoredAttribute extends IgnoredAttributeName {
  firstSeenAt: Date;
  lastSeenAt: Date;
  requests: number;
}

/** A tenant's list keeps this many names: a client inventing names cannot grow it without bound. */
export const maxIgnoredAttributesPerTenant = 100;

/** The SCIM request log: every call, refused ones included, for "why did my sync fail". */
export class ScimRequestLogService {
  constructor(private readonly scope: TenantScope) {}

  /**
   * Append entries in one statement (the server batches them off the request path). An entry keeps
   * the id it was given when it was logged, so a batch sent again after its outcome was unknown (the
   * database went away during COMMIT) is written once.
   */
  async record(entries: readonly ScimRequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(({ ignoredAttributes, ...entry }) => ({
      ...entry,
      id: entry.id ?? newId(),
      ignoredAttributes: ignoredAttributes?.length ? ignoredAttributes.map((a) => a.name) : null,
    }));
    await this.scope.sql(
      `insert into scim_request_log (tenant_id, id, at, method, path, status, scim_type, duration_ms,
                                     token_prefix, dialect, request_id, user_agent, request_body,
                                     response_body, ignored_attributes)
       select ?, r.id, r.at, r.method, r.path, r.status, r."scimType", r."durationMs", r."tokenPrefix",
              r.dialect, r."requestId", r."userAgent", r."requestBody", r."responseBody", r."ignoredAttributes"
         from jsonb_to_recordset(?::jsonb) as r(id uuid, at timestamptz, method text, path text, status int,
              "scimType" text, "durationMs" int, "tokenPrefix" text, dialect text, "requestId" text,
              "userAgent" text, "requestBody" jsonb, "responseBody" jsonb, "ignoredAttributes" jsonb)
       on conflict (tenant_id, id) do nothing`,
      [this.scope.tenantId, JSON.stringify(rows)],
    );
    await this.countIgnored(entries);
  }

  /** The tally of ignored attributes, one upsert for the whole batch. */
  private async countIgnored(entries: readonly ScimRequestLogEntry[]): Promise<void> {
    const tally = new Map<string, IgnoredAttribute>();
    for (const entry of entries)
      for (const { resourceType, name } of entry.ignoredAttributes ?? []) {
        const key = `${resourceType}\u0000${name}`;
        const seen = tally.get(key);
        if (seen) {
          seen.requests++;
          if (entry.at > seen.lastSeenAt) seen.lastSeenAt = entry.at;
        } else
          tally.set(key, { resourceType, name, firstSeenAt: entry.at, lastSeenAt: entry.at, requests: 1 });
      }
    if (tally.size === 0) return;
    // New names are added only while the tenant's list has room; known names are always counted.
    await this.scope.sql(
      `insert into scim_ignored_attribute (tenant_id, resource_type, name, first_seen_at, last_seen_at, requests)
       select ?, r."resourceType", r.name, r."firstSeenAt", r."lastSeenAt", r.requests
         from jsonb_to_recordset(?::jsonb)
              as r("resourceType" text, name text, "firstSeenAt" timestamptz, "lastSeenAt" timestamptz, requests int)
        where exists (select 1 from scim_ignored_attribute a
                       where a.tenant_id = ? and a.resource_type = r."resourceType" and a.name = r.name)
           or (select count(*) from scim_ignored_attribute where tenant_id = ?) < ?
       on conflict (tenant_id, resource_type, name) do update
         set last_seen_at = greatest(scim_ignored_attribute.last_seen_at, excluded.last_seen_at),
             requests = scim_ignored_attribute.requests + excluded.requests`,
      [
        this.scope.tenantId,
        JSON.stringify([...tally.values()]),
        this.scope.tenantId,
        this.scope.tenantId,
        maxIgnoredAttributesPerTenant,
      ],
    );
  }

  /** The attributes the IdP sends that Rollcall ignores, most recently seen first. */
  async ignoredAttributes(): Promise<IgnoredAttribute[]> {
    const rows = await this.scope.sql<{
      resourceType: 'User' | 'Group';
      name: string;
      firstSeenAt: string;
      lastSeenAt: string;
      requests: string | number;
    }>(
      `select resource_type as "resourceType", name, first_seen_at as "firstSeenAt",
              last_seen_at as "lastSeenAt", requests
         from scim_ignored_attribute where tenant_id = ? order by last_seen_at desc, name`,
      [this.scope.tenantId],
    );
    return rows.map((r) => ({
      resourceType: r.resourceType,
      name: r.name,
      firstSeenAt: new Date(r.firstSeenAt),
      lastSeenAt: new Date(r.lastSeenAt),
      requests: Number(r.requests),
    }));
  }

  /** Newest first, filtered; keyset-paged by `before` (ids are time-ordered UUIDv7). */
  async list(query: RequestLogQuery): Promise<LoggedScimRequest[]> {
    if (query.before !== undefined && !isId(query.before)) return [];
    assertSearchable(query);
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
