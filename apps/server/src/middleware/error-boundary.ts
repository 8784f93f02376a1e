import type { Middleware } from 'koa';
import type { RequestState } from './request-context.js';

/**
 * The last-resort handler: an error no transport mapped becomes a 500 with no details (no stack
 * traces or SQL leave the server), logged once with the request id. Transports handle their own
 * expected errors before this (SCIM error bodies, GraphQL errors).
 */
export function errorBoundary(): Middleware<RequestState> {
  return async function errorBoundaryMiddleware(ctx, next) {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown; expose?: unknown }).status;
      if (
        typeof status === 'number' &&
        status >= 400 &&
        status < 500 &&
        (error as { expose?: unknown }).expose
      ) {
        ctx.status = status;
        ctx.body = { error: (error as Error).message, requestId: ctx.state.requestId };
        return;
      }
      ctx.state.log.error('unhandled error', { error });
      ctx.status = 500;
      ctx.body = { error: 'Internal server error', requestId: ctx.state.requestId };
    }
  };
}
