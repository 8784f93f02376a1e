import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../logger.js';

export interface RequestState {
  requestId: string;
  log: Logger;
  /** For metrics: the route template an endpoint matched, e.g. `/scim/v2/:tenant/Users/:id`. */
  route?: string;
  /** For metrics: the tenant (slug) a SCIM request was for. */
  scimTenant?: string;
}

const acceptableId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Give every request an id (the caller's `X-Request-Id` when it is sane, else a new one), echo it in
 * the response, and log one line per request when it ends, with status and duration.
 */
export function requestContext(log: Logger): Middleware<RequestState> {
  return async function requestContextMiddleware(ctx, next) {
    const given = ctx.get('X-Request-Id');
    const requestId = acceptableId.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.state.log.info('request', {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        durationMs: Math.round(performance.now() - started),
      });
    }
  };
}
