import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { pipeline, PipelineError, toStatement, type Row, type Statement } from '../database/pipeline.js';
import { preparedStatementsOf } from '../database/prepared-statements.js';
import { statementTimeoutOf } from '../database/statement-timeout.js';
import { isId } from '../ids.js';
import { createServices, type Services } from '../services.js';
import { enterStatement } from './one-round-trip.js';
import type { RequestContext } from './actor.js';
import {
  DeadlockVictim,
  failureOf,
  hasCode,
  retryingDeadlocks,
  runRollbackTasks,
  TenantScope,
  type DeferredStatement,
  type EnteredToken,
} from './with-tenant.js';

/** The token's row says the actor the work assumed is out of date: run it on the transactional path. */
export class ActorChanged extends Error {}

export interface PipelinedEntry {
  tokenHash: string;
  /** The context the work runs with, decided before the token's row is seen. */
  context: RequestContext;
  /**
   * Called with the token's live row, once, before any statement of the work is answered: throws
   * when the token is not valid; returns false when the row shows the context out of date.
   */
  admits: (token: EnteredToken | undefined) => boolean;
}

/**
 * A write transaction in as few round trips as its statements allow: BEGIN and `rollcall_enter`
 * (statement timeout, tenant, app role, the token checked live) travel with the work's first
 * statement; statements whose answer nobody waits for (`TenantScope.defer`: the write itself, its
 * audit event, dependants' versions) travel with the next one, or with COMMIT. A SCIM PATCH is thus
 * two round trips — lock and read, then write, audit and commit — against the ORM path's seven.
 * Everything else is as `runInTenant`: one transaction, the app role under row-level security, the
 * audit event committed with the change (its webhook delivery by trigger), deadlock victims run again,
 * `request.too_slow` past the statement timeout, `database.outcome_unknown` when COMMIT is cut off.
 * The ORM is not used (TenantScope refuses it): services on this path write with SQL.
 */
export function writeInTenant<T>(
  orm: MikroORM,
  tenantId: string,
  entry: PipelinedEntry,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  if (!isId(tenantId)) throw new TypeError('writeInTenant takes a tenant id');
  return retryingDeadlocks((mayRetry) => writeOnce(orm, tenantId, entry, work, mayRetry));
}

async function writeOnce<T>(
  orm: MikroORM,
  tenantId: string,
  entry: PipelinedEntry,
  work: (services: Services) => Promise<T>,
  mayRetry: boolean,
): Promise<T> {
  const timeout = Math.trunc(statementTimeoutOf(orm));
  const enter = { text: enterStatement, values: [tenantId, entry.tokenHash, timeout] };
  const knex = orm.em.getKnex();
  const prepared = preparedStatementsOf(orm);
  const connection = (await knex.client.acquireConnection()) as pg.ClientBase;
  let released = false;
  const release = async () => {
    if (!released) await knex.client.releaseConnection(connection);
    released = true;
  };
  /** BEGIN has been sent (a transaction is open on the connection, or was until a failure). */
  let opened = false;
  let committing = false;

  /** Send `statements` (after BEGIN and the enter, the first time); the last one's rows. */
  const send = async (statements: DeferredStatement[], then: Statement[] = []): Promise<Row[]> => {
    const opening: Statement[] = opened ? [] : [{ text: 'begin' }, enter];
    const wire = [...opening, ...statements.map((s) => toStatement(knex, s.query, s.params)), ...then];
    const wasOpened = opened;
    opened = true;
    try {
      const results = await pipeline(connection, wire, prepared);
      if (!wasOpened && !entry.admits(results[1]![0] as EnteredToken | undefined)) throw new ActorChanged();
      return results.at(-1) ?? [];
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      // The enter answered before the failure: a token that is not valid is the answer, whatever failed.
      if (!wasOpened && error.index > 1 && !entry.admits(error.results[1]![0] as EnteredToken | undefined))
        throw new ActorChanged();
      const failed = statements[error.index - opening.length];
      throw failed?.onError?.(error.cause) ?? error.cause;
    }
  };

  /** The token checked on its own (one implicit transaction), for work that sent no statement. */
  const verify = async (): Promise<void> => {
    const [token] = await pipeline(connection, [enter], prepared);
    if (!entry.admits(token![0] as EnteredToken | undefined)) throw new ActorChanged();
  };

  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId });
  const scope = new TenantScope(tenantId, em, entry.context, { kind: 'pipelined write', send });
  try {
    const result = await work(createServices(scope));
    const pending = await scope.flushDeferred();
    if (!opened && pending.length === 0) {
      // Nothing was read or written; the token must still be valid for the answer to be given.
      await verify();
      return result;
    }
    committing = true;
    await send(pending, [{ text: 'commit' }]);
    return result;
  } catch (caught) {
    const error = failureOf(caught, committing, timeout);
    // The work failed before sending anything (invalid input, say): only a valid token is told why.
    if (!opened) {
      await verify();
      throw error;
    }
    try {
      await pipeline(connection, [{ text: 'rollback' }]);
    } catch {
      // The connection died with the transaction: PostgreSQL rolled it back itself.
      throw error;
    }
    if (mayRetry && hasCode(error, '40P01')) throw new DeadlockVictim();
    // What must be kept although this failed runs in a transaction of its own, on another connection:
    // give this one back first, or concurrent failures could wait on each other for the pool.
    await release();
    await runRollbackTasks(orm, tenantId, scope);
    throw error;
  } finally {
    await release();
  }
}
