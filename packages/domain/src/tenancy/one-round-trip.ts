import type { MikroORM } from '@mikro-orm/postgresql';
import { isId } from '../ids.js';
import { createServices, type Services } from '../services.js';
import { statementTimeoutOf } from '../database/statement-timeout.js';
import type { RequestContext } from './actor.js';
import { TenantScope, tooSlow, isStatementTimeout, type EnteredToken } from './with-tenant.js';

/**
 * A read-only request with one round trip to PostgreSQL per statement, instead of BEGIN, enter, the
 * statement and COMMIT (on these machines every round trip costs the server ~100 µs of CPU in the
 * socket write alone). Each statement is sent as one simple-protocol message together with
 * `rollcall_enter`: PostgreSQL runs the two as one implicit transaction, so the statement sees the
 * tenant setting, the app role and the statement timeout `rollcall_enter` sets, exactly as in an
 * explicit transaction. With a SCIM token, `rollcall_enter` checks it live in the same message and
 * leaves no tenant set when it is not valid (revocation and "SCIM off" count at once), and returns
 * the token's user scope as it is now, for the caller to check against the one the read assumed.
 *
 * The simple protocol takes no parameters: values are inlined by the driver's own escaping
 * (knex `raw(...).toQuery()`), and the entry's are a UUID, a hex digest and an integer, checked.
 */
export async function readInTenant<T>(
  orm: MikroORM,
  tenantId: string,
  /** `refuse`: the error for a token that is not valid (the caller's, e.g. SCIM's 401). */
  entry: { tokenHash?: string; context: RequestContext; refuse: () => Error },
  work: (services: Services) => Promise<T>,
): Promise<{ result: T; token: EnteredToken | undefined }> {
  if (!isId(tenantId)) throw new TypeError('readInTenant takes a tenant id');
  if (entry.tokenHash !== undefined && !/^[0-9a-f]{64}$/.test(entry.tokenHash)) throw entry.refuse();
  const timeout = Math.trunc(statementTimeoutOf(orm));
  const enter =
    `select id, token_hash as "tokenHash", provider, user_scope as "userScope", stale, ` +
    `first_use as "firstUse", purpose, strict_attributes as "strictAttributes" ` +
    `from rollcall_enter('${tenantId}', ${entry.tokenHash ? `'${entry.tokenHash}'` : 'null'}, ${timeout})`;
  const knex = orm.em.getKnex();
  let token: EnteredToken | undefined;
  let entered = false;
  const send = async (statement: string | undefined): Promise<Record<string, unknown>[]> => {
    const connection = (await knex.client.acquireConnection()) as {
      query(
        text: string,
      ): Promise<{ rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[]>;
    };
    try {
      const answer = await connection.query(statement ? `${enter};\n${statement}` : enter);
      const [entered_, read] = Array.isArray(answer) ? answer : [answer, { rows: [] }];
      token = entered_!.rows[0] as EnteredToken | undefined;
      entered = true;
      if (entry.tokenHash !== undefined && !token) throw entry.refuse();
      return read!.rows;
    } catch (error) {
      throw isStatementTimeout(error) ? tooSlow(timeout) : error;
    } finally {
      await knex.client.releaseConnection(connection);
    }
  };
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId });
  const scope = new TenantScope(tenantId, em, entry.context, (query, params) =>
    send(knex.raw(query, params as never[]).toQuery()),
  );
  const result = await work(createServices(scope));
  // A read that needed no statement (an empty page) still answers only a valid token.
  if (!entered) await send(undefined);
  return { result, token };
}
