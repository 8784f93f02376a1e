import { bodyParser } from '@koa/bodyparser';
import {
  TenantDirectory,
  hashSecret,
  isSlug,
  readWithScimToken,
  withScimToken,
  writeWithScimToken,
  type MikroORM,
  type TenantSnapshot,
} from '@rollcall/domain';
import type { RequestBudget } from '../http/request-budget.js';
import { invalidSyntax, notFound, refuseUnknownAttributes, ScimError, unauthorized } from '@rollcall/scim';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Config } from '../config.js';
import type { RequestState } from '../middleware/request-context.js';
import { runBulk, type BulkOperation } from './bulk.routes.js';
import { detectDialect } from './dialect.js';
import { byId, resourceTypeResources, schemaResources, serviceProviderConfig } from './discovery.routes.js';
import { standardUserType, tenantUserType, type TenantUserType } from './custom-schema.js';
import { groupHandlers } from './groups.routes.js';
import { IgnoredAttributes, type ScimResourceName } from './ignored-attributes.js';
import { maxJsonDepth, nestedDeeperThan } from '../http/json-depth.js';
import { maskBody, type RequestLogWriter } from './request-log.js';
import type { ScimCall, ScimReply } from './scim-call.js';
import { toScimError } from './scim-errors.js';
import { userHandlers } from './users.routes.js';

export type ScimLimits = Config['scim'];

type Authenticated = (call: ScimCall) => Promise<ScimReply>;
type Route =
  | { kind: 'public'; reply: (baseUrl: string, id: string | undefined, userType: TenantUserType) => unknown }
  /**
   * `transaction`: how the handler's statements travel (scim-auth.ts) — `read`: one round trip per
   * statement; `pipelined`: a write with SQL only, in two round trips; default: the ORM's transaction.
   * `resource`: whose attributes it writes.
   */
  | { kind: 'resource'; handler: Authenticated; resource?: ScimResourceName; transaction?: Transaction }
  | { kind: 'bulk' };

type Transaction = 'read' | 'pipelined';
const transactions = { read: readWithScimToken, pipelined: writeWithScimToken, default: withScimToken };

const scimJson = 'application/scim+json; charset=utf-8';
const acceptedTypes = /^application\/(scim\+)?json\b/i;

/**
 * The SCIM 2.0 endpoint, `/scim/v2/<tenant>/…`. Per request: resolve the tenant, parse the body
 * (JSON or SCIM JSON, size-limited), route, authenticate the bearer token and run the handler in one
 * tenant transaction, answer SCIM JSON (errors as SCIM Error bodies, RFC 7644 §3.12), and log the call.
 */
export function scimEndpoint(deps: {
  orm: MikroORM;
  config: Config;
  requestLog: RequestLogWriter;
  /** Requests per window per token (a Bulk request counts as one). */
  budget: RequestBudget;
  /** The instance's signing key (paging cursors). */
  signingKey: string;
}): Middleware<RequestState> {
  const limits = deps.config.scim;
  /** Budget keys (token digests) of tokens that have authenticated in this process. */
  const genuineTokens = new Set<string>();
  /**
   * Counted before the request's transaction (so a sync never waits on a connection this request
   * holds), under the token's digest; shared across processes once the token has authenticated here.
   */
  const admit = async (budgetKey: string) => {
    const retryAfter = await deps.budget.take(budgetKey, { share: genuineTokens.has(budgetKey) });
    if (retryAfter !== null)
      throw new ScimError(
        429,
        undefined,
        `Too many requests for this token: ${deps.budget.describe()}. Retry in ${retryAfter} s.`,
        retryAfter,
      );
  };
  const handlerLimits = { ...limits, maxOperations: limits.maxPatchOperations, signingKey: deps.signingKey };
  const users = userHandlers(handlerLimits);
  const groups = groupHandlers(handlerLimits);
  const tenants = new TenantCache(new TenantDirectory(deps.orm));
  const parseBody = bodyParser({
    enableTypes: ['json'],
    jsonLimit: limits.maxPayloadBytes,
    encoding: 'utf-8',
  });

  const resources = { Users: users, Groups: groups } as const;
  const resourceNames = { Users: 'User', Groups: 'Group' } as const;
  const routes: Record<string, Partial<Record<string, Route>>> = {
    ServiceProviderConfig: { GET: { kind: 'public', reply: (base) => serviceProviderConfig(base, limits) } },
    ResourceTypes: {
      GET: { kind: 'public', reply: (base, _, type) => listOf(resourceTypeResources(base, type)) },
    },
    'ResourceTypes/:id': {
      GET: {
        kind: 'public',
        reply: (base, id, type) => byId(resourceTypeResources(base, type), id!, 'resource type'),
      },
    },
    Schemas: { GET: { kind: 'public', reply: (base, _, type) => listOf(schemaResources(base, type)) } },
    'Schemas/:id': {
      GET: { kind: 'public', reply: (base, id, type) => byId(schemaResources(base, type), id!, 'schema') },
    },
    Bulk: { POST: { kind: 'bulk' } },
    '.search': { POST: { kind: 'resource', handler: (call) => rootSearch(call), transaction: 'read' } },
  };
  for (const [name, h] of Object.entries(resources)) {
    const resource = resourceNames[name as keyof typeof resources];
    // The user and group services write with SQL only, so their writes are pipelined.
    const writes: Transaction = 'pipelined';
    routes[name] = {
      GET: { kind: 'resource', handler: h.list, transaction: 'read' },
      POST: { kind: 'resource', handler: h.create, resource, transaction: writes },
    };
    routes[`${name}/.search`] = { POST: { kind: 'resource', handler: h.search, transaction: 'read' } };
    routes[`${name}/:id`] = {
      GET: { kind: 'resource', handler: h.get, transaction: 'read' },
      PUT: { kind: 'resource', handler: h.replace, resource, transaction: writes },
      PATCH: { kind: 'resource', handler: h.patch, resource, transaction: writes },
      DELETE: { kind: 'resource', handler: h.remove, transaction: writes },
    };
  }

  /** RFC 7644 §3.4.3: a search at the root covers every resource type the filter applies to. */
  async function rootSearch(call: ScimCall): Promise<ScimReply> {
    const replies: ScimReply[] = [];
    let lastError: unknown;
    for (const h of Object.values(resources)) {
      try {
        replies.push(
          await h.search({
            ...call,
            body: { ...(call.body as object), startIndex: 1, count: limits.maxResults },
          }),
        );
      } catch (error) {
        if (!(error instanceof ScimError && error.scimType === 'invalidFilter')) throw error;
        lastError = error;
      }
    }
    if (replies.length === 0) throw lastError;
    const all = replies.flatMap((r) => (r.body as { Resources: unknown[] }).Resources);
    const body = (call.body ?? {}) as Record<string, unknown>;
    const start = Math.max(1, Number(body.startIndex ?? 1) || 1);
    const count = Math.min(Math.max(0, Number(body.count ?? limits.defaultCount) || 0), limits.maxResults);
    const total = replies.reduce((n, r) => n + ((r.body as { totalResults: number }).totalResults ?? 0), 0);
    return {
      status: 200,
      body: { ...listOf(all.slice(start - 1, start - 1 + count)), totalResults: total, startIndex: start },
    };
  }

  return async function scimMiddleware(ctx, next) {
    const match = /^\/scim\/v2\/([^/]+)(?:\/(.*))?$/.exec(ctx.path);
    if (!match) return next();
    const started = performance.now();
    const slug = decodeSegment(match[1]!) ?? '';
    const rest = (match[2] ?? '').replace(/\/+$/, '');
    let dialect = detectDialect(ctx.query, ctx.get('User-Agent'));
    let tenant: TenantSnapshot | null = null;
    let reply: ScimReply;
    // What the request sent that Rollcall does not keep (every operation of a Bulk request together).
    const ignored = new IgnoredAttributes();
    try {
      // What is not a slug is no endpoint. A well-formed slug answers alike whether or not a tenant has
      // it (discovery as usual, 401 for everything else), so tenants cannot be enumerated without a token.
      if (!isSlug(slug))
        throw notFound(`No SCIM endpoint at ${ctx.path}: check the SCIM URL on the Identity & Security page`);
      tenant = await tenants.get(slug);
      const { route, params, allowed, pattern } = findRoute(routes, rest, ctx.method);
      ctx.state.scimTenant = tenant?.slug;
      ctx.state.route = `/scim/v2/:tenant/${pattern ?? '(unmatched)'}`;
      if (!route) {
        if (allowed.length) {
          ctx.set('Allow', allowed.join(', '));
          throw new ScimError(
            405,
            undefined,
            `${ctx.method} is not allowed on ${ctx.path}; use ${allowed.join(', ')}`,
          );
        }
        throw notFound(`No SCIM resource at ${ctx.path}`);
      }
      const baseUrl = `${deps.config.publicUrl}/scim/v2/${slug.toLowerCase()}`;
      if (route.kind === 'public') {
        // With the tenant's token, discovery describes the tenant's own User extensions (its custom
        // attributes, as Okta imports them); without one, the standard schemas: a slug alone tells
        // nothing of a tenant.
        const token = ctx.get('Authorization') ? bearerToken(ctx.get('Authorization')) : undefined;
        if (tenant && token && !genuineTokens.has(`scim:${hashSecret(token)}`))
          tenant = await tenants.get(slug, { fresh: true });
        const userType =
          tenant && token
            ? await readWithScimToken(
                deps.orm,
                tenant.id,
                token,
                { requestId: ctx.state.requestId },
                async (_, idp) => tenantUserType(idp.customSchema),
              )
            : standardUserType;
        reply = { status: 200, body: route.reply(baseUrl, params.id, userType) };
      } else {
        const body = await readBody(ctx, parseBody);
        dialect = detectDialect(ctx.query, ctx.get('User-Agent'), body); // the body can tell Entra apart too
        const token = bearerToken(ctx.get('Authorization'));
        const budgetKey = `scim:${hashSecret(token)}`;
        const refused = () => unauthorized('The bearer token is not valid for this tenant, or SCIM is off');
        if (!tenant) throw refused();
        await admit(budgetKey); // one per HTTP request, Bulk included
        // A token not yet seen here may belong to a tenant that took a deleted one's slug: ask afresh
        // (after the rate limit, so a flood of made-up tokens costs no more than before).
        if (!genuineTokens.has(budgetKey)) tenant = await tenants.get(slug, { fresh: true });
        if (!tenant) throw refused();
        const tenantId = tenant.id;
        /** `resource`: the type whose attributes the call writes (a read ignores nothing). */
        const run = (
          work: (call: ScimCall) => Promise<ScimReply>,
          input: Omit<ScimCall, 'services' | 'idp' | 'baseUrl' | 'unknown' | 'userType'>,
          resource: ScimResourceName = 'User',
          transaction: Transaction | undefined = undefined,
        ) =>
          transactions[transaction ?? 'default'](
            deps.orm,
            tenantId,
            token,
            { requestId: ctx.state.requestId, dialect },
            (services, idp) => {
              genuineTokens.add(budgetKey);
              const unknown = idp.strictAttributes ? refuseUnknownAttributes : ignored.of(resource);
              const userType = tenantUserType(idp.customSchema);
              return work({ ...input, baseUrl, services, idp, unknown, userType });
            },
          );
        const http = {
          params,
          query: ctx.query,
          body,
          ifMatch: header(ctx, 'If-Match'),
          ifNoneMatch: header(ctx, 'If-None-Match'),
        };
        if (route.kind === 'resource') {
          reply = await run(route.handler, http, route.resource, route.transaction);
        } else {
          await run(async () => ({ status: 200 }), http); // authenticate once before running anything
          reply = await runBulk(body, limits.maxBulkOperations, (operation: BulkOperation) =>
            run(
              resources[operation.resource][bulkMethods[operation.method]],
              {
                params: operation.id ? { id: operation.id } : {},
                query: {},
                body: operation.data,
                ifMatch: operation.ifMatch,
                ifNoneMatch: undefined,
              },
              resourceNames[operation.resource],
            ),
          );
        }
      }
    } catch (error) {
      const scim = toScimError(error);
      if (scim.status === 500) ctx.state.log.error('SCIM request failed', { error });
      if (scim.status === 503) ctx.state.log.warn('SCIM request refused: database unavailable');
      if (scim.status === 401) ctx.set('WWW-Authenticate', 'Bearer realm="Rollcall SCIM"');
      if (scim.retryAfterSeconds) ctx.set('Retry-After', String(scim.retryAfterSeconds));
      reply = { status: scim.status, body: scim.toBody() };
    }
    ctx.status = reply.status;
    for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
    if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
      ctx.body = reply.body;
      ctx.type = scimJson;
    }
    if (tenant) {
      deps.requestLog.add(tenant.id, {
        at: new Date(),
        method: ctx.method,
        path: ctx.url,
        status: reply.status,
        scimType: (reply.body as { scimType?: string } | undefined)?.scimType ?? null,
        durationMs: Math.round(performance.now() - started),
        tokenPrefix: tokenPrefix(ctx.get('Authorization')),
        dialect,
        requestId: ctx.state.requestId,
        userAgent: ctx.get('User-Agent') || null,
        requestBody: maskBody(ctx.request.body),
        ignoredAttributes: ignored.list,
        responseBody: reply.status >= 400 ? maskBody(reply.body) : null,
      });
    }
  };
}

const bulkMethods = { POST: 'create', PUT: 'replace', PATCH: 'patch', DELETE: 'remove' } as const;

const listOf = (resources: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: resources.length,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources,
});

function findRoute(routes: Record<string, Partial<Record<string, Route>>>, rest: string, method: string) {
  const [first, second, ...more] = rest.split('/');
  if (more.length === 0) {
    for (const [pattern, methods] of Object.entries(routes)) {
      const [p1, p2] = pattern.split('/');
      const params: Record<string, string> = {};
      // Resource names are case-insensitive in practice (some clients send /users).
      if (p1!.toLowerCase() !== (first ?? '').toLowerCase()) continue;
      if ((p2 === undefined) !== (second === undefined)) continue;
      if (p2 !== undefined && p2 !== ':id' && p2 !== second) continue;
      if (p2 === ':id') {
        if (second === '.search') continue;
        // A malformed escape (`%ZZ`, broken UTF-8) names no resource: kept as sent, it finds none (404).
        params.id = decodeSegment(second!) ?? second!;
      }
      return { route: methods[method], params, allowed: Object.keys(methods), pattern };
    }
  }
  return { route: undefined, params: {}, allowed: [] as string[], pattern: undefined };
}

async function readBody(ctx: ParameterizedContext<RequestState>, parse: Middleware): Promise<unknown> {
  if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return undefined;
  const type = ctx.get('Content-Type');
  if (!type && !ctx.request.length) return undefined;
  if (!acceptedTypes.test(type)) {
    throw new ScimError(
      415,
      undefined,
      `Send the body as application/scim+json or application/json (got ${type || 'no Content-Type'})`,
    );
  }
  try {
    await parse(ctx, async () => undefined);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 413) throw error;
    throw invalidSyntax('The request body is not valid JSON');
  }
  if (nestedDeeperThan(ctx.request.body))
    throw invalidSyntax(`The request body is nested deeper than ${maxJsonDepth} levels`);
  return ctx.request.body;
}

function bearerToken(header: string): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw unauthorized(
      'Send the API token from the Identity & Security page as "Authorization: Bearer <token>"',
    );
  return match[1]!;
}

const tokenPrefix = (header: string): string | null => {
  const token = /^Bearer\s+(\S+)/i.exec(header)?.[1];
  return token ? token.slice(0, 14) : null;
};

const header = (ctx: ParameterizedContext<RequestState>, name: string) => ctx.get(name) || undefined;

/** A percent-encoded path segment, or undefined when its escapes are malformed. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * A tenant's slug never changes while it lives, so a resolved slug is remembered (unknown ones are
 * asked again). A deleted tenant's slug can be taken again, by a new tenant (an import): `fresh` asks
 * the database, for a token this process has not yet seen authenticate (a new tenant has new tokens).
 */
class TenantCache {
  private readonly known = new Map<string, TenantSnapshot>();
  constructor(private readonly directory: TenantDirectory) {}
  async get(slug: string, { fresh = false } = {}): Promise<TenantSnapshot | null> {
    const key = slug.toLowerCase();
    const cached = fresh ? undefined : this.known.get(key);
    if (cached) return cached;
    const found = await this.directory.findBySlug(key);
    if (found) this.known.set(key, found);
    else this.known.delete(key);
    return found;
  }
}
