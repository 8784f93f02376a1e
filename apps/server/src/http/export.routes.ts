import { Readable } from 'node:stream';
import {
  apiKeyTenant,
  exportText,
  isDatabaseUnavailable,
  principalActor,
  withTenant,
  tenantArchive,
  TenantDirectory,
  type ExportKind,
  type MikroORM,
} from '@rollcall/domain';
import type { Middleware } from 'koa';
import { sessionCookie } from '../graphql/session-cookie.js';
import type { RequestState } from '../middleware/request-context.js';
import { principalOf } from './credentials.js';

/** Exports of one workspace that may stream at once (per process); more are 429 with Retry-After. */
const maxConcurrentExports = 2;

const paths: Record<string, ExportKind | 'workspace'> = {
  '/api/export/audit': 'audit',
  '/api/export/requests': 'requests',
  '/api/export/workspace': 'workspace',
};

/**
 * `GET /api/export/audit` and `/api/export/requests` (issue 19): a workspace's audit trail or SCIM
 * request log for a time range (`from`, `to`: ISO 8601; `format`: `ndjson`, the default, or `csv`),
 * streamed a batch at a time, so memory stays bounded whatever the size. For an API key
 * (`Authorization: Bearer rc_key_…`) or the console's session cookie; any role may read (as the
 * Activity page). Request and response bodies were masked when logged.
 *
 * At most two exports of a workspace stream at once (per process): a third is 429 with Retry-After.
 * Each export is noted in the audit trail (`export.audit`, `export.requests`, `export.workspace`: who,
 * and the range).
 *
 * `GET /api/export/workspace`: the whole workspace as one archive (domain `tenantArchive`: directory,
 * settings, audit trail, no secrets), for an owner only — what `pnpm rollcall tenant:import` reads.
 */
export function exportRoutes(deps: { orm: MikroORM }): Middleware<RequestState> {
  /** Exports streaming now, per tenant (in this process): each holds a connection or reads a lot. */
  const running = new Map<string, number>();
  const stream = (tenantId: string, chunks: AsyncIterable<string>) => {
    running.set(tenantId, (running.get(tenantId) ?? 0) + 1);
    const body = Readable.from(chunks);
    body.once('close', () => {
      const left = (running.get(tenantId) ?? 1) - 1;
      if (left > 0) running.set(tenantId, left);
      else running.delete(tenantId);
    });
    return body;
  };
  return async function exportMiddleware(ctx, next) {
    const found = paths[ctx.path];
    if (!found) return next();
    const kind = found;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      return refuse(ctx, 405, 'Use GET');
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('Authorization'))?.[1];
    const session = bearer ? null : sessionCookie.read(ctx);
    const tenantId = bearer ? apiKeyTenant(bearer) : (session?.tenantId ?? null);
    let principal;
    try {
      principal = tenantId
        ? await principalOf(deps.orm, tenantId, bearer ? 'api_key' : 'session', bearer ?? session!.secret)
        : null;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      ctx.set('Retry-After', '5');
      return refuse(ctx, 503, 'The database is unavailable; try again shortly');
    }
    if (!principal || !tenantId)
      return refuse(ctx, 401, 'Send an API key as "Authorization: Bearer <key>", or sign in');
    if ((running.get(tenantId) ?? 0) >= maxConcurrentExports) {
      ctx.set('Retry-After', '30');
      return refuse(
        ctx,
        429,
        `${maxConcurrentExports} exports of this workspace are running; try again when one has finished`,
      );
    }
    if (kind === 'workspace') {
      if (principal.role !== 'owner') return refuse(ctx, 403, 'Only an owner can export the whole workspace');
      const tenant = await new TenantDirectory(deps.orm).findById(tenantId);
      if (!tenant) return refuse(ctx, 401, 'Sign in again');
      await withTenant(
        deps.orm,
        tenantId,
        { actor: principalActor(principal), requestId: ctx.state.requestId },
        (s) => s.retention.recordExport('workspace'),
      );
      return send(
        ctx,
        { kind: `${tenant.slug}-archive`, format: 'ndjson' },
        stream(tenantId, tenantArchive(deps.orm, tenant)),
      );
    }
    const range = { from: instant(ctx.query['from'], 'from'), to: instant(ctx.query['to'], 'to') };
    if (typeof range.from === 'string') return refuse(ctx, 400, range.from);
    if (typeof range.to === 'string') return refuse(ctx, 400, range.to);
    if (range.from && range.to && range.from >= range.to)
      return refuse(ctx, 400, '"from" must be before "to"');
    const format = ctx.query['format'] ?? 'ndjson';
    if (format !== 'ndjson' && format !== 'csv') return refuse(ctx, 400, '"format" is ndjson or csv');

    send(
      ctx,
      { kind, format },
      stream(tenantId, exportText(deps.orm, tenantId, kind, range as { from?: Date; to?: Date }, format)),
    );
  };
}

/** A download: streamed as the chunks come, never cached, named for what and when. */
function send(
  ctx: Parameters<Middleware>[0],
  { kind, format }: { kind: string; format: 'ndjson' | 'csv' },
  body: Readable,
): void {
  const stamp = new Date().toISOString().slice(0, 10);
  ctx.status = 200;
  ctx.type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
  ctx.set('Content-Disposition', `attachment; filename="rollcall-${kind}-${stamp}.${format}"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

/** A query parameter as a Date, undefined when absent, or the message saying why it is not one. */
function instant(value: unknown, name: string): Date | undefined | string {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : `"${name}" must be an ISO 8601 date or time`;
}

function refuse(ctx: Parameters<Middleware>[0], status: number, message: string): void {
  ctx.status = status;
  ctx.body = { error: message };
}
