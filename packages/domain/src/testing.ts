// Test support, exported as `@rollcall/domain/testing`: one real PostgreSQL per test run, migrated once.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';
import { openDatabase } from './database/orm.js';

export interface TestDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Start a throw-away embedded PostgreSQL (or use `externalUrl`) and apply the migrations. The data
 * folder lives under the system temp directory with mode 0755, so the `postgres` OS user can reach
 * it when tests run as root wherever the checkout is.
 */
export async function startTestDatabase(externalUrl?: string): Promise<TestDatabase> {
  let url = externalUrl;
  let stop = async () => undefined as void;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-test-'));
    chmodSync(dir, 0o755);
    try {
      const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
      url = pg.url;
      stop = async () => {
        await pg.stop();
        rmSync(dir, { recursive: true, force: true });
      };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const orm = await openDatabase({ databaseUrl: url });
  await orm.close();
  return { url, stop };
}

/**
 * Make a tenant's users look as if they had been in the directory for `minutes` (their creation moved
 * back; `tenant` is its id or slug): what the deprovisioning brake protects is the established directory, so tests of the brake
 * start from one. Runs as the database owner, outside any tenant.
 */
export async function backdateUsers(databaseUrl: string, tenant: string, minutes = 24 * 60): Promise<void> {
  const orm = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    await orm.em.fork().execute(
      `update directory_user set created_at = created_at - make_interval(mins => ?)
          where tenant_id = (select id from tenant where id::text = ? or slug = ?)`,
      [minutes, tenant, tenant],
    );
  } finally {
    await orm.close();
  }
}
