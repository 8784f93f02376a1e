import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { setTimeout } from 'node:timers/promises';
import type { AttributeChange } from '../audit/audit-event.entity.js';
import { newId } from '../ids.js';
import { webhookEventType } from '../webhooks/webhook-events.js';
import { createServices, type Services } from '../services.js';
import type { RequestContext } from './actor.js';
import { statementTimeoutOf } from '../database/statement-timeout.js';
import { DomainError } from '../errors.js';
import { isDatabaseUnavailable } from '../database/availability.js';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  changes?: Record<string, AttributeChange>;
  outcome?: 'success' | 'refused';
}

/**
 * Everything a service may use: an EntityManager bound to one tenant and one transaction, and the
 * request context for auditing. Only `withTenant` makes one, so no service can run without a tenant.
 */
export class TenantScope {
  /** Work that must happen even though this transaction fails (run after the rollback, in its own). */
  readonly rollbackTasks: ((scope: TenantScope) => Promise<void>)[] = [];
  /** Statements that need no answer, sent with the next one that does, or with COMMIT (`defer`). */
  private deferred: DeferredStatement[] = [];

  constructor(
    readonly tenantId: string,
    private readonly entityManager: EntityManager,
    readonly context: RequestContext,
    /**
     * Set when the scope sends its statements itself rather than through the ORM's transaction: a
     * one-round-trip read (one-round-trip.ts) or a pipelined write (pipelined-write.ts). It gets the
     * deferred statements and the one to answer, in order, and returns the last one's rows. The ORM
     * must then not be used at all.
     */
    private readonly channel?: Channel,
  ) {}

  /** The scope's EntityManager: its transaction, tenant filter and unit of work. */
  get em(): EntityManager {
    if (this.channel)
      throw new Error(
        `A ${this.channel.kind} has no EntityManager: use scope.sql, scope.sqlOf or scope.defer`,
      );
    return this.entityManager;
  }

  /** Run what a query builder describes through `sql` (the builder only renders it; values stay bound). */
  sqlOf<T extends object = Record<string, unknown>>(
    build: (em: EntityManager) => {
      getKnexQuery(): { toSQL(): { sql: string; bindings: readonly unknown[] } };
    },
  ): Promise<T[]> {
    const { sql, bindings } = build(this.entityManager).getKnexQuery().toSQL();
    return this.sql<T>(sql, [...bindings]);
  }

  /** E.g. counting a failed sign-in: the failure rolls the transaction back, the count must stay. */
  onRollback(task: (scope: TenantScope) => Promise<void>): void {
    this.rollbackTasks.push(task);
  }

  /**
   * Queue an audit event; it is inserted in the same transaction as the change (with the next
   * statement sent, or with COMMIT). Returns the event's id (a webhook delivery of it carries the same
   * id: a trigger queues one per subscribed endpoint).
   */
  audit(entry: AuditEntry): string {
    const id = newId();
    const { actor } = this.context;
    // "Test my connection" works on temporary users and groups: integrators are not told of them.
    const selfCheck = actor.kind === 'idp' && actor.selfCheck === true;
    this.defer(
      `insert into audit_event (tenant_id, id, at, actor_kind, actor_id, actor_label, action, target_type,
                                target_id, changes, request_id, dialect, outcome, webhook_type)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)`,
      [
        this.tenantId,
        id,
        new Date(),
        actor.kind,
        actor.id,
        actor.label,
        entry.action,
        entry.targetType,
        entry.targetId,
        JSON.stringify(entry.changes ?? {}),
        this.context.requestId ?? null,
        this.context.dialect ?? null,
        entry.outcome ?? 'success',
        selfCheck ? null : webhookEventType(entry),
      ],
    );
    return id;
  }

  /**
   * The raw-SQL escape hatch, for set-based statements the ORM cannot express. It runs in the scope's
   * transaction, as the app role with the tenant setting, so row-level security still applies;
   * values are always bound, never concatenated. Deferred statements go first, in order.
   */
  async sql<T extends object = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const pending = this.takeDeferred();
    if (this.channel) return (await this.channel.send([...pending, { query, params }])) as T[];
    for (const statement of pending) await this.runDeferred(statement);
    return this.entityManager.execute<T[]>(query, params);
  }

  /**
   * A statement whose answer nobody waits for (an update of dependants, an audit insert): it rides
   * along with the next statement sent, or with COMMIT, so it costs no round trip of its own. When
   * PostgreSQL refuses it, `onError` may turn the refusal into the domain's error (e.g. a unique index
   * into `…_taken`). Through the ORM's transaction, deferred statements run before the next `sql` and
   * before COMMIT, not before an `em.flush()`: call `flushDeferred` first when the ORM's statements
   * must come after them.
   */
  defer(query: string, params: unknown[], onError?: (error: unknown) => unknown): void {
    if (this.channel?.kind === 'one-round-trip read')
      throw new Error('A one-round-trip read writes nothing: it cannot defer a statement');
    this.deferred.push({ query, params, ...(onError ? { onError } : {}) });
  }

  /** Whatever is still deferred, for COMMIT to take along (a channel) or to run now (the ORM). */
  async flushDeferred(): Promise<DeferredStatement[]> {
    const pending = this.takeDeferred();
    if (this.channel) return pending;
    for (const statement of pending) await this.runDeferred(statement);
    return [];
  }

  private takeDeferred(): DeferredStatement[] {
    const pending = this.deferred;
    this.deferred = [];
    return pending;
  }

  private async runDeferred({ query, params, onError }: DeferredStatement): Promise<void> {
    try {
      await this.entityManager.execute(query, params);
    } catch (error) {
      throw onError?.(error) ?? error;
    }
  }
}

/** A statement a scope sends: knex-style `?` placeholders (as `em.execute` takes them) and values. */
export interface DeferredStatement {
  query: string;
  params: unknown[];
  onError?: (error: unknown) => unknown;
}

/** How a scope that bypasses the ORM sends its statements (see `TenantScope.channel`). */
export interface Channel {
  kind: 'one-round-trip read' | 'pipelined write';
  send(statements: DeferredStatement[]): Promise<Record<string, unknown>[]>;
}

/**
 * Run `work` with the services of one tenant, inside one transaction. The transaction first sets the
 * tenant for row-level security and drops to the app role; the ORM's `tenant` filter gets the same id.
 * Whatever `work` leaves in the unit of work is flushed before commit; any error rolls everything back.
 */
export function withTenant<T>(
  orm: MikroORM,
  tenantId: string,
  context: RequestContext,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  return runInTenant(orm, tenantId, { establish: async () => context }, work);
}

/** What a statement selects of `rollcall_enter`'s row, as an `EnteredToken`. */
export const enteredColumns =
  'id, token_hash as "tokenHash", provider, user_scope as "userScope", stale, first_use as "firstUse", ' +
  'purpose, strict_attributes as "strictAttributes", custom_schema_version as "customSchemaVersion"';

/** The row `rollcall_enter` returns for a SCIM bearer token (see Migration20261203020000StatementTimeout). */
export interface EnteredToken {
  id: string;
  tokenHash: string;
  provider: string;
  userScope: string;
  stale: boolean;
  /** Never used before: the first use of a new token retires the one it replaced. */
  firstUse: boolean;
  purpose: 'idp' | 'self_check';
  strictAttributes: boolean;
  /** The version of the tenant's custom attribute declarations (Migration20261204010000CustomAttributes). */
  customSchemaVersion: number;
}

export interface TenantEntry {
  /** The SHA-256 of a SCIM bearer token to look up while entering the tenant (same round trip). */
  tokenHash?: string;
  /** The request context, established inside the transaction (e.g. from the token's row). */
  establish: (em: EntityManager, token: EnteredToken | undefined) => Promise<RequestContext>;
}

/**
 * Like `withTenant`, with the request context established inside the transaction first (SCIM
 * authenticates its bearer token there, so authentication and the work share one round of
 * BEGIN … COMMIT, and a token revoked by a concurrent "SCIM off" is refused at once).
 */
export async function runInTenant<T>(
  orm: MikroORM,
  tenantId: string,
  entry: TenantEntry,
  work: (services: Services, context: RequestContext) => Promise<T>,
): Promise<T> {
  return runScoped(orm, tenantId, entry, (scope) => work(createServices(scope), scope.context));
}

/** How often a transaction PostgreSQL chose as a deadlock's victim is run again before giving up. */
const deadlockRetries = 2;

/**
 * One tenant transaction. Changes that touch several rows (a membership change bumps its users'
 * versions, a rename its groups') can deadlock with a concurrent one; PostgreSQL then rolls one back
 * (40P01), and that one is simply run again: nothing of it was committed.
 */
async function runScoped<T>(
  orm: MikroORM,
  tenantId: string,
  entry: TenantEntry,
  work: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  return retryingDeadlocks((mayRetry) => runScopedOnce(orm, tenantId, entry, work, mayRetry));
}

/**
 * Run `attempt` again when it ends as a deadlock's victim (it throws `DeadlockVictim` after its
 * rollback, while `mayRetry`). It waits a few random milliseconds first: a row lock is not queued for
 * a new transaction that finds the row free, so a retry sent at once can take the row before the
 * survivor wakes up and deadlock with it again.
 */
export async function retryingDeadlocks<T>(attempt: (mayRetry: boolean) => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n < deadlockRetries);
    } catch (error) {
      if (!(error instanceof DeadlockVictim)) throw error;
      await setTimeout(5 + Math.random() * 20 * (n + 1));
    }
  }
}

export class DeadlockVictim extends Error {}

/** After a rollback: what the scope asked to keep although its transaction failed (`onRollback`). */
export async function runRollbackTasks(orm: MikroORM, tenantId: string, scope: TenantScope): Promise<void> {
  for (const task of scope.rollbackTasks) {
    await runScoped(orm, tenantId, { establish: async () => scope.context }, task);
  }
}

async function runScopedOnce<T>(
  orm: MikroORM,
  tenantId: string,
  entry: TenantEntry,
  work: (scope: TenantScope) => Promise<T>,
  mayRetry: boolean,
): Promise<T> {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId });
  await em.begin();
  let scope: TenantScope | undefined;
  let committing = false;
  try {
    // Statement timeout, tenant setting, app role and token lookup in one statement (one round trip).
    const [token] = await em.execute<EnteredToken[]>(
      `select ${enteredColumns} from rollcall_enter(?, ?, ?)`,
      [tenantId, entry.tokenHash ?? null, statementTimeoutOf(orm)],
    );
    scope = new TenantScope(tenantId, em, await entry.establish(em, token));
    const result = await work(scope);
    await scope.flushDeferred();
    committing = true;
    await em.commit();
    return result;
  } catch (caught) {
    const error = failureOf(caught, committing, statementTimeoutOf(orm));
    try {
      await em.rollback();
    } catch {
      // The connection died with the transaction (database gone): PostgreSQL rolled it back itself.
      // The original error is the one to report.
      throw error;
    }
    if (mayRetry && hasCode(error, '40P01')) throw new DeadlockVictim();
    if (scope) await runRollbackTasks(orm, tenantId, scope);
    throw error;
  }
}

/**
 * The error a failed tenant transaction answers with: past the statement timeout `request.too_slow`;
 * the database gone while COMMIT was on its way (`committing`) `database.outcome_unknown`; else the
 * failure itself.
 */
export const failureOf = (caught: unknown, committing: boolean, timeoutMs: number): unknown =>
  isStatementTimeout(caught)
    ? tooSlow(timeoutMs)
    : committing && isDatabaseUnavailable(caught)
      ? outcomeUnknown()
      : caught;

/** Whether PostgreSQL answered with this SQLSTATE (on the error, or the driver error it wraps). */
export const hasCode = (error: unknown, code: string): boolean =>
  [error, (error as { cause?: unknown } | null)?.cause].some(
    (e) => (e as { code?: unknown } | null)?.code === code,
  );

/** PostgreSQL's query_canceled: here, the transaction-local statement_timeout ran out. */
const isStatementTimeout = (error: unknown): boolean => hasCode(error, '57014');

/**
 * The connection died while COMMIT was on its way: PostgreSQL may have committed (a primary that
 * wrote the commit just before it was stopped, then promoted on a standby that has it). Clients must
 * not be told "nothing was changed".
 */
const outcomeUnknown = () =>
  new DomainError(
    'database.outcome_unknown',
    'The database went away while this change was being committed: it may or may not have been applied. ' +
      'Read it back before retrying.',
    { retryAfterSeconds: 5 },
  );

const tooSlow = (ms: number) =>
  new DomainError(
    'request.too_slow',
    `The request took longer than ${ms} ms and was stopped; nothing was changed. Narrow it, or retry shortly.`,
    { retryAfterSeconds: 5 },
  );
