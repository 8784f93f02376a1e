import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { pipeline, PipelineError, toStatement, type Row, type Statement } from '../database/pipeline.js';
import { isId } from '../ids.js';
import { createServices, type Services } from '../services.js';
import { statementTimeoutOf } from '../database/statement-timeout.js';
import { preparedStatementsOf } from '../database/prepared-statements.js';
import type { RequestContext } from './actor.js';
import { enteredColumns, failureOf, TenantScope, type EnteredToken } from './with-tenant.js';

/**
 * A read-only request with one round trip to PostgreSQL per statement, instead of BEGIN, enter, the
 * statement and COMMIT (every round trip costs the server a socket write and a wake-up of the
 * backend). Each statement is pipelined behind `rollcall_enter` (database/pipeline.ts): PostgreSQL
 * runs the two as one implicit transaction, so the statement sees the tenant setting, the app role and
 * the statement timeout `rollcall_enter` sets, exactly as in an explicit transaction. With a SCIM
 * token, `rollcall_enter` checks it live in the same round trip and leaves no tenant set when it is not
 * valid (revocation and "SCIM off" count at once), and returns the token's user scope as it is now,
 * for the caller to check against the one the read assumed. Every value is bound, none inlined.
 */
export async function readInTenant<T>(
  orm: MikroORM,
  tenantId: string,
  /** `refuse`: the error for a token that is not valid (the caller's, e.g. SCIM's 401). */
  entry: { tokenHash?: string; context: RequestContext; refuse?: () => Error },
  work: (services: Services) => Promise<T>,
): Promise<{ result: T; token: EnteredToken | undefined }> {
  if (!isId(tenantId)) throw new TypeError('readInTenant takes a tenant id');
  const timeout = Math.trunc(statementTimeoutOf(orm));
  const enter = { text: enterStatement, values: [tenantId, entry.tokenHash ?? null, timeout] };
  const knex = orm.em.getKnex();
  let token: EnteredToken | undefined;
  let entered = false;
  const send = async (statement?: Statement): Promise<Row[]> => {
    const connection = (await knex.client.acquireConnection()) as pg.ClientBase;
    try {
      const [tokenRows, rows] = await pipeline(
        connection,
        statement ? [enter, statement] : [enter],
        preparedStatementsOf(orm),
      );
      token = tokenRows![0] as EnteredToken | undefined;
      entered = true;
      if (entry.tokenHash !== undefined && !token)
        throw entry.refuse?.() ?? new Error('The token is not valid for this tenant');
      return rows ?? [];
    } catch (error) {
      const cause = error instanceof PipelineError ? error.cause : error;
      throw failureOf(cause, false, timeout);
    } finally {
      await knex.client.releaseConnection(connection);
    }
  };
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId });
  const scope = new TenantScope(tenantId, em, entry.context, {
    kind: 'one-round-trip read',
    // A read defers nothing: the one statement is the one to answer.
    send: (statements) => send(toStatement(knex, statements[0]!.query, statements[0]!.params)),
  });
  const result = await work(createServices(scope));
  // A read that needed no statement (an empty page) still answers only a valid token.
  if (!entered) await send();
  return { result, token };
}

/**
 * `withTenant` for work that only reads, with `scope.sql` (the console's and the API's list pages):
 * each statement one round trip. The caller authenticated already (no token to check here).
 */
export async function readWithTenant<T>(
  orm: MikroORM,
  tenantId: string,
  context: RequestContext,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  return (await readInTenant(orm, tenantId, { context }, work)).result;
}

/** `rollcall_enter` with its three values bound: tenant, token digest (or null), statement timeout. */
export const enterStatement = `select ${enteredColumns} from rollcall_enter($1, $2, $3)`;
