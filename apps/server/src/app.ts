import 'reflect-metadata';
import Koa, { type Middleware } from 'koa';
import type { Registry } from 'prom-client';
import { instanceSigningKey, SharedCounters, type MikroORM } from '@rollcall/domain';
import { RequestBudget } from './http/request-budget.js';
import type { Config } from './config.js';
import { healthRoutes } from './http/health.routes.js';
import { metrics } from './http/metrics.js';
import type { Logger } from './logger.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { securityHeaders } from './middleware/security-headers.js';
import { requestContext, type RequestState } from './middleware/request-context.js';
import type { RequestLogWriter } from './scim/request-log.js';
import { scimEndpoint } from './scim/router.js';
import { graphqlEndpoint } from './graphql/middleware.js';
import { exportRoutes } from './http/export.routes.js';

export interface AppDeps {
  config: Config;
  orm: MikroORM;
  log: Logger;
  requestLog: RequestLogWriter;
  /** The built console, mounted last (everything the API does not answer). */
  console?: Middleware | null;
  isShuttingDown?: () => boolean;
}

/** The whole HTTP surface as a Koa app; main.ts listens with it and tests call it directly. */
export async function createApp(
  deps: AppDeps,
): Promise<{ app: Koa<RequestState>; stop: () => Promise<void>; metrics: Registry }> {
  const app = new Koa<RequestState>({ proxy: deps.config.trustProxy });
  app.use(requestContext(deps.log));
  app.use(securityHeaders());
  const observed = metrics(deps.orm, deps.config.metricsToken, () => deps.requestLog.dropped);
  app.use(observed.measure);
  app.use(errorBoundary());
  app.use(observed.routes);
  const health = healthRoutes(deps.orm, deps.isShuttingDown ?? (() => false));
  app.use(health.routes());
  // 405 for a wrong method on a health path. Not elsewhere: the router would answer 501 for any method
  // it does not know, on any path, over a body another handler wrote (a console 404 page, say).
  const healthMethods = health.allowedMethods();
  app.use((ctx, next) =>
    /^\/(healthz|readyz)$/.test(ctx.path)
      ? healthMethods(ctx as Parameters<typeof healthMethods>[0], next)
      : next(),
  );
  const { windowSeconds, syncMs, scimPerToken, graphqlPerPrincipal } = deps.config.rateLimits;
  const counters = new SharedCounters(deps.orm);
  const budget = (limit: number) => new RequestBudget(counters, { limit, windowSeconds, syncMs }, deps.log);
  const scimBudget = budget(scimPerToken);
  const graphqlBudget = budget(graphqlPerPrincipal);
  app.use(
    scimEndpoint({
      orm: deps.orm,
      config: deps.config,
      requestLog: deps.requestLog,
      budget: scimBudget,
      signingKey: await instanceSigningKey(deps.orm),
    }),
  );
  const graphql = await graphqlEndpoint({
    orm: deps.orm,
    config: deps.config,
    log: deps.log,
    budget: graphqlBudget,
  });
  app.use(exportRoutes({ orm: deps.orm }));
  app.use(graphql.middleware);
  if (deps.console) app.use(deps.console);
  const stop = async () => {
    scimBudget.close();
    graphqlBudget.close();
    await graphql.stop();
  };
  return { app, stop, metrics: observed.registry };
}
