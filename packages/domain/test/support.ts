import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { openDatabase, type OrmOptions } from '../src/database/orm.js';
import { systemActor, type RequestContext } from '../src/tenancy/actor.js';
import { TenantDirectory } from '../src/tenancy/tenant-directory.js';
import { withTenant } from '../src/tenancy/with-tenant.js';
import type { Services } from '../src/services.js';

/** An ORM on the run's database, closed after the file's tests. */
export async function testOrm(options: Omit<OrmOptions, 'databaseUrl'> = {}) {
  const orm = await openDatabase({ databaseUrl: inject('databaseUrl'), ...options });
  afterAll(() => orm.close());
  return orm;
}

type Orm = Awaited<ReturnType<typeof testOrm>>;

/** A fresh tenant with a random slug, so tests never share rows and can run in parallel. */
export async function newTenant(orm: Orm) {
  const slug = `t-${randomUUID().slice(0, 12)}`;
  const tenant = await new TenantDirectory(orm).create({ slug, name: `Tenant ${slug}` });
  const context: RequestContext = { actor: systemActor('test') };
  return {
    ...tenant,
    run: <T>(work: (services: Services) => Promise<T>, ctx: RequestContext = context) =>
      withTenant(orm, tenant.id, ctx, work),
  };
}

export const uniqueName = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A statement (or several) on the run's database, straight through node-postgres: to set up or check rows. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
