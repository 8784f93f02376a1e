import Router from '@koa/router';
import { pingDatabase, type MikroORM } from '@rollcall/domain';

/**
 * `/healthz`: the process is alive (no dependencies checked, so a slow database never gets it killed).
 * `/readyz`: it can serve traffic: the database answers, and it is not shutting down.
 */
export function healthRoutes(orm: MikroORM, isShuttingDown: () => boolean): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    if (isShuttingDown()) {
      ctx.status = 503;
      ctx.body = { status: 'shutting down' };
      return;
    }
    try {
      // Answered within a second either way: a load balancer's probe must not hang on a database that
      // is away (the pool would wait its full connection timeout).
      await Promise.race([
        pingDatabase(orm),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 1 s')), 1000).unref()),
      ]);
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'database unavailable' };
    }
  });
  return router;
}
