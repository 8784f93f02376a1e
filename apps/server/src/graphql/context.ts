import {
  principalActor,
  readWithTenant,
  withTenant,
  type MikroORM,
  type Principal,
  type Services,
} from '@rollcall/domain';
import type { ParameterizedContext } from 'koa';
import type { Config } from '../config.js';
import type { RequestState } from '../middleware/request-context.js';
import { batched } from './batch.js';
import { unauthenticated } from './graphql-errors.js';

/** What every resolver gets: who calls, and a way to run one service call in their tenant. */
export interface GraphQLContext {
  principal: Principal | null;
  tenant: { id: string; slug: string } | null;
  config: Config;
  orm: MikroORM;
  koa: ParameterizedContext<RequestState>;
  /** One domain service call in the caller's tenant, as the caller (audited as them). */
  run<T>(work: (services: Services) => Promise<T>): Promise<T>;
  /**
   * Like `run`, for a service call that only reads with SQL (a list page): each statement one round
   * trip to PostgreSQL instead of a transaction's four.
   */
  read<T>(work: (services: Services) => Promise<T>): Promise<T>;
  /**
   * The request's loader called `name`: ids asked for together are fetched with one service call
   * (see batch.ts); for field resolvers of lists.
   */
  batch<V>(
    name: string,
    loadMany: (services: Services, ids: string[]) => Promise<Map<string, V>>,
  ): (id: string) => Promise<V | undefined>;
}

export function createContext(
  koa: ParameterizedContext<RequestState>,
  deps: { orm: MikroORM; config: Config },
  auth: { principal: Principal; tenant: { id: string; slug: string } } | null,
): GraphQLContext {
  const loaders = new Map<string, (id: string) => Promise<unknown>>();
  const context: GraphQLContext = {
    principal: auth?.principal ?? null,
    tenant: auth?.tenant ?? null,
    config: deps.config,
    orm: deps.orm,
    koa,
    run(work) {
      if (!auth) throw unauthenticated();
      return withTenant(
        deps.orm,
        auth.tenant.id,
        { actor: principalActor(auth.principal), requestId: koa.state.requestId },
        work,
      );
    },
    read(work) {
      if (!auth) throw unauthenticated();
      return readWithTenant(
        deps.orm,
        auth.tenant.id,
        { actor: principalActor(auth.principal), requestId: koa.state.requestId },
        work,
      );
    },
    batch<V>(name: string, loadMany: (services: Services, ids: string[]) => Promise<Map<string, V>>) {
      let loader = loaders.get(name) as ((id: string) => Promise<V | undefined>) | undefined;
      if (!loader) {
        loader = batched((ids) => context.run((services) => loadMany(services, ids)));
        loaders.set(name, loader);
      }
      return loader;
    },
  };
  return context;
}
