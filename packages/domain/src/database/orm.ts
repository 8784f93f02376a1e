import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { setPreparedStatements } from './prepared-statements.js';
import { applicationName, holdingMigrationLock } from './migration-lock.js';
import { Admin } from '../admins/admin.entity.js';
import { ApiKey } from '../admins/api-key.entity.js';
import { Session } from '../admins/session.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { GroupMember } from '../groups/group-member.entity.js';
import { Group } from '../groups/group.entity.js';
import { Migration20261129000000Initial } from '../migrations/Migration20261129000000Initial.js';
import { Migration20261129010000RateLimits } from '../migrations/Migration20261129010000RateLimits.js';
import { Migration20261129020000EnterTenant } from '../migrations/Migration20261129020000EnterTenant.js';
import { Migration20261129030000DeprovisioningBrake } from '../migrations/Migration20261129030000DeprovisioningBrake.js';
import { Migration20261129040000TokenOverlap } from '../migrations/Migration20261129040000TokenOverlap.js';
import { Migration20261129050000ConflictInbox } from '../migrations/Migration20261129050000ConflictInbox.js';
import { Migration20261129060000KeepConsoleManaged } from '../migrations/Migration20261129060000KeepConsoleManaged.js';
import { Migration20261129070000SelfCheckTokens } from '../migrations/Migration20261129070000SelfCheckTokens.js';
import { Migration20261129080000Webhooks } from '../migrations/Migration20261129080000Webhooks.js';
import { Migration20261203000000TolerantInput } from '../migrations/Migration20261203000000TolerantInput.js';
import { Migration20261203010000InstanceKey } from '../migrations/Migration20261203010000InstanceKey.js';
import { Migration20261203020000StatementTimeout } from '../migrations/Migration20261203020000StatementTimeout.js';
import { Migration20261203040000ReadFunctions } from '../migrations/Migration20261203040000ReadFunctions.js';
import { Migration20261204000000UserCounts } from '../migrations/Migration20261204000000UserCounts.js';
import { Migration20261204010000CustomAttributes } from '../migrations/Migration20261204010000CustomAttributes.js';
import { Migration20261204020000Retention } from '../migrations/Migration20261204020000Retention.js';
import { Migration20261204030000TenantDeletion } from '../migrations/Migration20261204030000TenantDeletion.js';
import { Migration20261204040000Usage } from '../migrations/Migration20261204040000Usage.js';
import { ScimRequestLog } from '../scim/scim-request-log.entity.js';
import { ScimSettings } from '../scim/scim-settings.entity.js';
import { ScimToken } from '../scim/scim-token.entity.js';
import { Tenant } from '../tenancy/tenant.entity.js';
import { User } from '../users/user.entity.js';
import { setStatementTimeout } from './statement-timeout.js';

export type { MikroORM };

const tenantOwnedEntities = [
  Admin,
  Session,
  ApiKey,
  User,
  Group,
  GroupMember,
  ScimSettings,
  ScimToken,
  AuditEvent,
  ScimRequestLog,
];

export interface OrmOptions {
  databaseUrl: string;
  /** Connection pool size per process. */
  poolSize?: number;
  /** Called with every SQL statement sent (tests count statements with it). */
  onQuery?: (sql: string) => void;
  /**
   * How long to wait for a connection (from the pool, or a new one) before giving up: while the
   * database is away, requests fail within this time instead of hanging (default 5 s).
   */
  timeoutMs?: number;
  /**
   * How long one statement of a tenant transaction may run before PostgreSQL stops it (and the
   * transaction rolls back): `request.too_slow` (default 15 s).
   */
  statementTimeoutMs?: number;
  /**
   * Send the hot path's statements as named prepared statements (default on). Turn off behind a
   * PgBouncer older than 1.21 in transaction mode (database/prepared-statements.ts).
   */
  preparedStatements?: boolean;
  /**
   * Where migrations run, when not `databaseUrl`: PostgreSQL itself, when `databaseUrl` goes through a
   * pooler (`DATABASE_DIRECT_URL`). Optional: the migration lock also works through PgBouncer.
   */
  migrationUrl?: string;
  /** How long a starting process waits for another one's migrations before giving up (default 60 s). */
  migrationLockTimeoutMs?: number;
}

export function ormConfig(options: OrmOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl,
    entities: [Tenant, ...tenantOwnedEntities],
    extensions: [Migrator],
    // Services must come from a tenant scope; the global EntityManager refuses work.
    allowGlobalContext: false,
    // RLS's second line: any read, update or delete of a tenant-owned entity without the tenant
    // parameter throws "No arguments provided for filter 'tenant'".
    filters: {
      tenant: {
        name: 'tenant',
        cond: (args: { tenantId: string }) => ({ tenantId: args.tenantId }),
        default: true,
        entity: tenantOwnedEntities.map((entity) => entity.name),
      },
    },
    pool: { min: 0, max: options.poolSize ?? 10, acquireTimeoutMillis: options.timeoutMs ?? 5000 },
    driverOptions: {
      connection: { connectionTimeoutMillis: options.timeoutMs ?? 5000, application_name: applicationName },
    },
    migrations: {
      migrationsList: [
        { name: 'Migration20261129000000Initial', class: Migration20261129000000Initial },
        { name: 'Migration20261129010000RateLimits', class: Migration20261129010000RateLimits },
        { name: 'Migration20261129020000EnterTenant', class: Migration20261129020000EnterTenant },
        {
          name: 'Migration20261129030000DeprovisioningBrake',
          class: Migration20261129030000DeprovisioningBrake,
        },
        { name: 'Migration20261129040000TokenOverlap', class: Migration20261129040000TokenOverlap },
        { name: 'Migration20261129050000ConflictInbox', class: Migration20261129050000ConflictInbox },
        {
          name: 'Migration20261129060000KeepConsoleManaged',
          class: Migration20261129060000KeepConsoleManaged,
        },
        { name: 'Migration20261129070000SelfCheckTokens', class: Migration20261129070000SelfCheckTokens },
        { name: 'Migration20261129080000Webhooks', class: Migration20261129080000Webhooks },
        { name: 'Migration20261203000000TolerantInput', class: Migration20261203000000TolerantInput },
        { name: 'Migration20261203010000InstanceKey', class: Migration20261203010000InstanceKey },
        { name: 'Migration20261203020000StatementTimeout', class: Migration20261203020000StatementTimeout },
        { name: 'Migration20261203040000ReadFunctions', class: Migration20261203040000ReadFunctions },
        { name: 'Migration20261204000000UserCounts', class: Migration20261204000000UserCounts },
        { name: 'Migration20261204010000CustomAttributes', class: Migration20261204010000CustomAttributes },
        { name: 'Migration20261204020000Retention', class: Migration20261204020000Retention },
        { name: 'Migration20261204030000TenantDeletion', class: Migration20261204030000TenantDeletion },
        { name: 'Migration20261204040000Usage', class: Migration20261204040000Usage },
      ],
      tableName: 'schema_migration',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: 'dist/migrations',
      pathTs: 'src/migrations',
    },
    debug: options.onQuery ? ['query'] : false,
    logger: options.onQuery ? (message: string) => options.onQuery?.(message) : () => undefined,
    colors: false,
  };
}

/** Connect and bring the schema up to date: committed migrations are applied at every start. */
export async function openDatabase(options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(options));
  if (options.statementTimeoutMs !== undefined) setStatementTimeout(orm, options.statementTimeoutMs);
  setPreparedStatements(orm, options.preparedStatements ?? true);
  try {
    await migrate(orm, options);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/**
 * Apply the committed migrations, one process at a time (migration-lock.ts). With a direct URL (a
 * pooler in front of `databaseUrl`), they run on a connection of their own to PostgreSQL itself.
 */
async function migrate(orm: MikroORM, options: OrmOptions): Promise<void> {
  const url = options.migrationUrl ?? options.databaseUrl;
  const lock = {
    url,
    timeoutMs: options.timeoutMs ?? 5000,
    waitMs: options.migrationLockTimeoutMs ?? 60_000,
  };
  await holdingMigrationLock(lock, async () => {
    if (url === options.databaseUrl) return void (await orm.getMigrator().up());
    const direct = await MikroORM.init(ormConfig({ ...options, databaseUrl: url, poolSize: 1 }));
    try {
      await direct.getMigrator().up();
    } finally {
      await direct.close(true);
    }
  });
}

/** Readiness: can a connection from the pool run a statement? */
export async function pingDatabase(orm: MikroORM): Promise<void> {
  await orm.em.fork().execute('select 1');
}
