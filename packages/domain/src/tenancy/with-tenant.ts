import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { setTimeout } from 'node:timers/promises';
import { AuditEvent, type AttributeChange } from '../audit/audit-event.entity.js';
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

  constructor(
    readonly tenantId: string,
    private readonly entityManager: EntityManager,
    readonly context: RequestContext,
    /**
     * Set for a one-round-trip read (one-round-trip.ts): each statement is sent together with the
     * tenant setting, outside any explicit transaction, so the ORM must not be used at all.
     */
    private readonly reader?: (query: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  ) {}

  /** The scope's EntityManager: its transaction, tenant filter and unit of work. */
  get em(): EntityManager {
    if (this.reader)
      throw new Error('A one-round-trip read has no EntityManager: read with scope.sql (or scope.sqlOf)');
    return this.entityManager;
  }

  /** Run what a query builder describes through `sql` (the builder only renders it; values stay bound). */
  sqlOf<T extends object = Record<string, unknown>>(
    build: (em: EntityManager) => { getKnexQuery(): { toSQL(): { sql: string; bindings: readonly unknown[] } } },
  ): Promise<T[]> {
    const { sql, bindings } = build(this.entityManager).getKnexQuery().toSQL();
    return this.sql<T>(sql, [...bindings]);
  }

  /** E.g. counting a failed sign-in: the failure rolls the transaction back, the count must stay. */
  onRollback(task: (scope: TenantScope) => Promise<void>): void {
    this.rollbackTasks.push(task);
  }

  /**
   * Queue an audit event; it is inserted by the same flush, in the same transaction, as the change.
   * Returns the event's id (a webhook delivery of it carries the same id).
   */
  audit(entry: AuditEntry): string {
    const event = new AuditEvent(this.tenantId);
    event.action = entry.action;
    event.targetType = entry.targetType;
    event.targetId = entry.targetId;
    event.changes = entry.changes ?? {};
    event.outcome = entry.outcome ?? 'success';
    // "Test my connection" works on temporary users and groups: integrators are not told of them.
    const selfCheck = this.context.actor.kind === 'idp' && this.context.actor.selfCheck === true;
    event.webhookType = selfCheck ? null : webhookEventType(entry);
    event.actorKind = this.context.actor.kind;
    event.actorId = this.context.actor.id;
    event.actorLabel = this.context.actor.label;
    event.requestId = this.context.requestId ?? null;
    event.dialect = this.context.dialect ?? null;
    this.em.persist(event);
    return event.id;
  }

  /**
   * The raw-SQL escape hatch, for set-based statements the ORM cannot express. It runs in the scope's
   * transaction, as the app role with the tenant setting, so row-level security still applies;
   * values are always bound, never concatenated.
   */
  sql<T extends object = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    if (this.reader) return this.reader(query, params) as Promise<T[]>;
    return this.entityManager.execute<T[]>(query, params);
  }
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
 * (40P01), and that one is simply run again: nothing of it was committed. It waits a few random
 * milliseconds first: a row lock is not queued for a new transaction that finds the row free, so a
 * retry sent at once can take the row before the survivor wakes up and deadlock with it again.
 */
async function runScoped<T>(
  orm: MikroORM,
  tenantId: string,
  entry: TenantEntry,
  work: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runScopedOnce(orm, tenantId, entry, work, attempt < deadlockRetries);
    } catch (error) {
      if (!(error instanceof DeadlockVictim)) throw error;
      await setTimeout(5 + Math.random() * 20 * (attempt + 1));
    }
  }
}

class DeadlockVictim extends Error {}

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
      `select id, token_hash as "tokenHash", provider, user_scope as "userScope", stale,
              first_use as "firstUse", purpose, strict_attributes as "strictAttributes"
         from rollcall_enter(?, ?, ?)`,
      [tenantId, entry.tokenHash ?? null, statementTimeoutOf(orm)],
    );
    scope = new TenantScope(tenantId, em, await entry.establish(em, token));
    const result = await work(scope);
    committing = true;
    await em.commit();
    return result;
  } catch (caught) {
    const error = isStatementTimeout(caught)
      ? tooSlow(statementTimeoutOf(orm))
      : committing && isDatabaseUnavailable(caught)
        ? outcomeUnknown()
        : caught;
    try {
      await em.rollback();
    } catch {
      // The connection died with the transaction (database gone): PostgreSQL rolled it back itself.
      // The original error is the one to report.
      throw error;
    }
    if (mayRetry && hasCode(error, '40P01')) throw new DeadlockVictim();
    const context = scope?.context;
    for (const task of scope?.rollbackTasks ?? []) {
      await runScoped(orm, tenantId, { establish: async () => context! }, task);
    }
    throw error;
  }
}

/** Whether PostgreSQL answered with this SQLSTATE (on the error, or the driver error it wraps). */
const hasCode = (error: unknown, code: string): boolean =>
  [error, (error as { cause?: unknown } | null)?.cause].some(
    (e) => (e as { code?: unknown } | null)?.code === code,
  );

/** PostgreSQL's query_canceled: here, the transaction-local statement_timeout ran out. */
export const isStatementTimeout = (error: unknown): boolean => hasCode(error, '57014');

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

export const tooSlow = (ms: number) =>
  new DomainError(
    'request.too_slow',
    `The request took longer than ${ms} ms and was stopped; nothing was changed. Narrow it, or retry shortly.`,
    { retryAfterSeconds: 5 },
  );
