import { openDatabase, startEmbeddedPostgres, type MikroORM } from '@rollcall/domain';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface Database {
  orm: MikroORM;
  /** Where the data lives, for logs: the external URL's host or the embedded folder. */
  description: string;
  close(): Promise<void>;
}

/**
 * The database the server and the CLI share: `DATABASE_URL` when set, else the embedded PostgreSQL in
 * the data folder, attaching to the instance a running server started, or starting one (and
 * stopping it on close) when none runs. Migrations are applied either way.
 */
export async function connectDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) {
    const orm = await openDatabase(ormOptions(config, config.databaseUrl));
    return { orm, description: new URL(config.databaseUrl).host, close: () => orm.close() };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    relocateIfUnreachable: config.dataDirIsDefault,
    log: (msg) => log.info(msg),
  });
  try {
    const orm = await openDatabase(ormOptions(config, embedded.url));
    return {
      orm,
      description: `embedded PostgreSQL in ${embedded.dataDir}`,
      close: async () => {
        await orm.close();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** What the ORM takes from the configuration, for a database at `databaseUrl`. */
export const ormOptions = (config: Config, databaseUrl: string, poolSize = config.databasePoolSize) => ({
  databaseUrl,
  poolSize,
  timeoutMs: config.databaseTimeoutMs,
  statementTimeoutMs: config.statementTimeoutMs,
  preparedStatements: config.preparedStatements,
  // Only an external database can sit behind a pooler.
  ...(config.databaseUrl && databaseUrl === config.databaseUrl && config.databaseDirectUrl
    ? { migrationUrl: config.databaseDirectUrl }
    : {}),
  migrationLockTimeoutMs: config.migrationLockTimeoutMs,
});
