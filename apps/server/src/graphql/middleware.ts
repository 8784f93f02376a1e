import { bodyParser } from '@koa/bodyparser';
import { maxJsonDepth, nestedDeeperThan } from '../http/json-depth.js';
import { ApolloServer } from '@apollo/server';
import { koaMiddleware } from '@as-integrations/koa';
import {
  apiKeyTenant,
  isDatabaseUnavailable,
  unavailableRetryAfterSeconds,
  type MikroORM,
  type Principal,
} from '@rollcall/domain';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Config } from '../config.js';
import type { RequestBudget } from '../http/request-budget.js';
import type { Logger } from '../logger.js';
import type { RequestState } from '../middleware/request-context.js';
import { createContext, type GraphQLContext } from './context.js';
import { databaseUnavailableMessage, formatError } from './graphql-errors.js';
import { queryLimits, textLimits, variablesProblem } from './limits.js';
import { createSchema } from './schema.js';
import { sessionCookie } from './session-cookie.js';
import { principalOf } from '../http/credentials.js';
import { TenantDirectory } from '@rollcall/domain';

type Auth = { principal: Principal; tenant: { id: string; slug: string } } | null;

/**
 * `/graphql`: Apollo Server on Koa. The caller is an API key (`Authorization: Bearer rc_key_…`) or a
 * console session (cookie). Cookie-authenticated requests from another origin are refused before
 * anything runs (with Apollo's CSRF prevention and SameSite=Lax as further layers).
 */
export async function graphqlEndpoint(deps: {
  orm: MikroORM;
  config: Config;
  log: Logger;
  /** Requests per window per principal (admin session or API key). */
  budget: RequestBudget;
}): Promise<{ middleware: Middleware<RequestState>; stop: () => Promise<void> }> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema: await createSchema(),
    csrfPrevention: true,
    introspection: true,
    formatError: formatError(deps.log),
    // No HTTP caching of answers (every answer is private to its caller): Apollo's cache-control
    // plugin, on by default, would only wrap every field's resolver (a list page has a thousand).
    plugins: [unavailableAs503, ApolloServerPluginCacheControlDisabled()],
    validationRules: [queryLimits({ maxDepth: 10, maxCost: 20_000, defaultPageSize: 50 }), textLimits],
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT. Apollo's own handlers (on unless NODE_ENV=test) stop it and re-send
    // the signal, which our handler ignores while shutting down: the process then never exited.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const tenants = new TenantDirectory(deps.orm);
  const apolloMiddleware = koaMiddleware(apollo, {
    context: async ({ ctx }) =>
      createContext(
        ctx as ParameterizedContext<RequestState>,
        deps,
        (ctx.state as { auth?: Auth }).auth ?? null,
      ),
  });
  const expectedOrigin = new URL(deps.config.publicUrl).origin;
  const parseBody = bodyParser({ enableTypes: ['json'], jsonLimit: '1mb' });

  const middleware: Middleware<RequestState> = async function graphqlMiddleware(ctx, next) {
    if (ctx.path !== '/graphql') return next();
    try {
      if (await authenticate(ctx)) return;
      if (await overBudget(ctx)) return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      ctx.set('Retry-After', String(unavailableRetryAfterSeconds));
      return refuse(ctx, 503, 'SERVICE_UNAVAILABLE', databaseUnavailableMessage);
    }
    try {
      await parseBody(ctx, async () => undefined);
    } catch (error) {
      const status = (error as { status?: number }).status;
      return refuse(
        ctx,
        status === 413 ? 413 : 400,
        'BAD_REQUEST',
        status === 413 ? 'The request is too large' : 'The body is not valid JSON',
      );
    }
    if (nestedDeeperThan(ctx.request.body))
      return refuse(ctx, 400, 'BAD_REQUEST', `The body is nested deeper than ${maxJsonDepth} levels`);
    const problem = variablesProblem((ctx.request.body as { variables?: unknown } | undefined)?.variables);
    if (problem) return refuse(ctx, 400, 'VALIDATION', problem);
    ctx.request.body ??= {};
    // The integration calls `next` after answering; nothing after it (the console) may touch the response.
    await apolloMiddleware(ctx, async () => undefined);
  };

  /** Per-principal rate limit: 429 + Retry-After when this principal has used its window. */
  async function overBudget(ctx: ParameterizedContext<RequestState>): Promise<boolean> {
    const principal = (ctx.state as { auth?: Auth }).auth?.principal;
    if (!principal) return false; // signing in has its own throttling, per account and address
    // Authenticated already (its own transaction is over), so the count may be shared at once.
    const retryAfter = await deps.budget.take(`gql:${principal.kind}:${principal.id}`, { share: true });
    if (retryAfter === null) return false;
    ctx.set('Retry-After', String(retryAfter));
    const who = principal.kind === 'api_key' ? 'API key' : 'admin';
    return refuse(
      ctx,
      429,
      'TOO_MANY_REQUESTS',
      `Too many requests for this ${who}: ${deps.budget.describe()}. Retry in ${retryAfter} s.`,
    );
  }

  /** Sets `ctx.state.auth` from the API key or session cookie; true when it refused (401/403). */
  async function authenticate(ctx: ParameterizedContext<RequestState>): Promise<boolean> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('Authorization'))?.[1];
    let auth: Auth = null;
    if (bearer) {
      const tenantId = apiKeyTenant(bearer);
      const principal = tenantId ? await principalOf(deps.orm, tenantId, 'api_key', bearer) : null;
      if (!principal)
        return refuse(ctx, 401, 'UNAUTHENTICATED', 'The API key is not valid (unknown or revoked)');
      auth = { principal, tenant: { id: tenantId!, slug: (await tenantSlug(tenants, tenantId!)) ?? '' } };
    } else {
      const session = sessionCookie.read(ctx);
      if (session) {
        const origin = ctx.get('Origin');
        const ownOrigin = `${ctx.protocol}://${ctx.host}`;
        if (origin && origin !== expectedOrigin && origin !== ownOrigin) {
          return refuse(
            ctx,
            403,
            'FORBIDDEN',
            `Requests signed in with a session cookie must come from ${expectedOrigin}`,
          );
        }
        const principal = await principalOf(deps.orm, session.tenantId, 'session', session.secret);
        if (principal)
          auth = {
            principal,
            tenant: { id: session.tenantId, slug: (await tenantSlug(tenants, session.tenantId)) ?? '' },
          };
      }
    }
    (ctx.state as { auth?: Auth }).auth = auth;
    return false;
  }

  return { middleware, stop: () => apollo.stop() };
}

/** A request that failed because the database was away answers 503 + Retry-After, not 200. */
const unavailableAs503: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        if (!errors?.some((error) => isDatabaseUnavailable(unwrapResolverError(error)))) return;
        response.http.status = 503;
        response.http.headers.set('Retry-After', String(unavailableRetryAfterSeconds));
      },
    };
  },
};

function refuse(ctx: ParameterizedContext, status: number, code: string, message: string): true {
  ctx.status = status;
  ctx.body = { errors: [{ message, extensions: { code } }] };
  return true;
}

/** Tenant slugs never change: remembered once read. */
const slugs = new Map<string, string>();
async function tenantSlug(tenants: TenantDirectory, id: string): Promise<string | null> {
  const cached = slugs.get(id);
  if (cached) return cached;
  const tenant = await tenants.findById(id);
  if (tenant) slugs.set(id, tenant.slug);
  return tenant?.slug ?? null;
}
